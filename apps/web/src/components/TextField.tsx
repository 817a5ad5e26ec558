import type { ReactNode, Ref } from 'react';
import {
  FieldError,
  Input,
  Label,
  Text,
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
} from 'react-aria-components';

export interface TextFieldProps extends Omit<AriaTextFieldProps, 'children' | 'isInvalid' | 'className'> {
  label: string;
  /** Help shown under the label and linked to the input (aria-describedby). */
  description?: ReactNode;
  /** The error to show; makes the field invalid (aria-invalid) and is linked to the input. */
  error?: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
  /** Phone keyboards: `none` for logins and codes, `characters` for UAI codes. */
  autoCapitalize?: 'none' | 'characters' | 'words' | 'sentences';
  className?: string;
}

/** A labelled text input with its help and error message (React Aria TextField). */
export function TextField({ label, description, error, inputRef, autoCapitalize, className, ...props }: TextFieldProps) {
  return (
    <AriaTextField
      validationBehavior="aria"
      {...props}
      isInvalid={Boolean(error)}
      className={`field ${className ?? ''}`}
    >
      <Label className="field__label">{label}</Label>
      {description ? (
        <Text slot="description" className="field__description">
          {description}
        </Text>
      ) : null}
      <Input ref={inputRef} autoCapitalize={autoCapitalize} className="field__input" />
      <FieldError className="field__error">{error}</FieldError>
    </AriaTextField>
  );
}
