import type { PasswordContext } from '@preau/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordChecklist } from './PasswordChecklist.tsx';
import { PasswordField } from './PasswordField.tsx';
import { PasswordRule } from './PasswordRule.tsx';

/** Errors of the "new password" and "confirmation" fields. */
export interface NewPasswordErrors {
  password?: string | undefined;
  confirm?: string | undefined;
}

interface NewPasswordFieldsProps {
  password: string;
  confirm: string;
  onPasswordChange: (value: string) => void;
  onConfirmChange: (value: string) => void;
  errors: NewPasswordErrors;
  passwordLabel: string;
  confirmLabel: string;
  /** The shared rule's context: the common-password list once loaded, the login and names when the page knows them. */
  context: PasswordContext;
}

/** Choose a password: the rule stated, a live checklist, and a confirmation field. */
export function NewPasswordFields(props: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  const checklistId = useId();
  return (
    <>
      <PasswordField
        label={props.passwordLabel}
        name="new-password"
        autoComplete="new-password"
        isRequired
        value={props.password}
        onChange={props.onPasswordChange}
        description={<PasswordRule />}
        error={props.errors.password}
      >
        <PasswordChecklist password={props.password} id={checklistId} context={props.context} />
      </PasswordField>
      <PasswordField
        label={props.confirmLabel}
        name="confirm-password"
        autoComplete="new-password"
        isRequired
        value={props.confirm}
        onChange={props.onConfirmChange}
        description={t('password.confirmHelp')}
        error={props.errors.confirm}
      />
    </>
  );
}
