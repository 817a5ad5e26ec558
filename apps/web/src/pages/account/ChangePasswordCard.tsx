import type { ChangePasswordBody, Me } from '@preau/contracts';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/auth-api.ts';
import { isApiError } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { NewPasswordFields } from '../../components/NewPasswordFields.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { errorText } from '../../lib/error-text.ts';
import { focusFirstInvalid } from '../../lib/focus.ts';
import { useCommonPasswords } from '../../lib/common-passwords.ts';
import { checkNewPassword } from '../../lib/password-errors.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

interface Errors {
  current?: string | undefined;
  password?: string | undefined;
  confirm?: string | undefined;
}

const fieldCodes = ['WRONG_PASSWORD', 'PASSWORD_TOO_WEAK', 'PASSWORD_SAME_AS_LOGIN'] as const;

/** Change my password: the current one, then the new one twice. */
export function ChangePasswordCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const passwordContext = { isCommon: useCommonPasswords(), personal: [me.login, me.firstName, me.lastName] };
  const mutation = useMutation({
    mutationFn: (body: ChangePasswordBody) => authApi.changePassword(body),
    onSuccess: () => {
      setCurrent('');
      setPassword('');
      setConfirm('');
    },
    onError: (error) => {
      if (isApiError(error, 'WRONG_PASSWORD')) setErrors({ current: errorText(error, t) });
      else if (isApiError(error, 'PASSWORD_TOO_WEAK')) setErrors({ password: t('validation.passwordRule') });
      else if (isApiError(error, 'PASSWORD_SAME_AS_LOGIN')) setErrors({ password: errorText(error, t) });
      else return;
      focusFirstInvalid(form.current);
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = checkNewPassword(password, confirm, passwordContext);
    const next: Errors = {
      current: current ? undefined : t('validation.required'),
      password: check.password && t(check.password),
      confirm: check.confirm && t(check.confirm),
    };
    setErrors(next);
    if (Object.values(next).some(Boolean)) {
      mutation.reset();
      focusFirstInvalid(form.current);
      return;
    }
    mutation.mutate({ currentPassword: current, newPassword: password });
  };

  const formError = mutation.isError && !isApiError(mutation.error, ...fieldCodes) ? mutation.error : undefined;
  return (
    <Card title={t('account.password')}>
      <LiveRegion>
        {mutation.isSuccess ? (
          <Alert tone="success">
            <p>{t('account.passwordChanged')}</p>
          </Alert>
        ) : null}
        <ErrorAlert error={formError} />
      </LiveRegion>
      <form ref={form} className="form" onSubmit={onSubmit} noValidate>
        <PasswordField
          label={t('account.currentPassword')}
          name="current-password"
          autoComplete="current-password"
          isRequired
          value={current}
          onChange={setCurrent}
          error={errors.current}
        />
        <NewPasswordFields
          password={password}
          confirm={confirm}
          onPasswordChange={setPassword}
          onConfirmChange={setConfirm}
          errors={errors}
          passwordLabel={t('account.newPassword')}
          confirmLabel={t('account.confirmPassword')}
          context={passwordContext}
        />
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending}>
            {t('account.changePassword')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
