import { useState, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FieldError,
  Input,
  Label,
  Text,
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
} from 'react-aria-components';

interface PasswordFieldProps extends Omit<AriaTextFieldProps, 'children' | 'isInvalid' | 'className' | 'type'> {
  label: string;
  description?: ReactNode;
  error?: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
  /** Shown after the input (e.g. the live checklist of the rule), outside the field's description. */
  children?: ReactNode;
}

/** A password input with a "show" toggle, its help and its error message. */
export function PasswordField({ label, description, error, inputRef, children, ...props }: PasswordFieldProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <AriaTextField
      validationBehavior="aria"
      {...props}
      type={visible ? 'text' : 'password'}
      isInvalid={Boolean(error)}
      className="field"
    >
      <Label className="field__label">{label}</Label>
      {description ? (
        <Text slot="description" className="field__description">
          {description}
        </Text>
      ) : null}
      <div className="password-input">
        <Input ref={inputRef} className="field__input" spellCheck={false} autoCapitalize="off" />
        <button
          type="button"
          className="password-input__toggle"
          aria-pressed={visible}
          onClick={() => setVisible((value) => !value)}
        >
          {t('password.show')}
          <span className="visually-hidden"> {t('password.showWhat')}</span>
        </button>
      </div>
      <FieldError className="field__error">{error}</FieldError>
      {children}
    </AriaTextField>
  );
}
