import type { ResetPasswordBody } from '@preau/contracts';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { authApi } from '../../api/auth-api.ts';
import { isApiError } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { NewPasswordFields, type NewPasswordErrors } from '../../components/NewPasswordFields.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { AuthLayout, AuthMessage } from '../../layout/AuthLayout.tsx';
import { errorText } from '../../lib/error-text.ts';
import { focusFirstInvalid } from '../../lib/focus.ts';
import { useCommonPasswords } from '../../lib/common-passwords.ts';
import { checkNewPassword } from '../../lib/password-errors.ts';

/** /mot-de-passe/reinitialiser?token=…: choose a new password from the e-mailed link. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const token = useSearchParams()[0].get('token') ?? '';
  const form = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<NewPasswordErrors>({});
  // The link does not say whose account it is: the server checks the login and names.
  const passwordContext = { isCommon: useCommonPasswords() };
  const mutation = useMutation({
    mutationFn: (body: ResetPasswordBody) => authApi.resetPassword(body),
    onError: (error) => {
      if (isApiError(error, 'PASSWORD_TOO_WEAK', 'PASSWORD_SAME_AS_LOGIN')) {
        setErrors({ password: errorText(error, t) });
        focusFirstInvalid(form.current);
      }
    },
  });

  if (mutation.isSuccess) {
    return (
      <AuthMessage title={t('reset.doneTitle')} tone="success" message={t('reset.done')}>
        <p className="form__actions">
          <ButtonLink to="/connexion">{t('login.submit')}</ButtonLink>
        </p>
      </AuthMessage>
    );
  }

  if (!token) {
    return (
      <AuthMessage title={t('reset.title')} tone="error" message={t('apiErrors.RESET_TOKEN_INVALID')}>
        <p className="auth-links">
          <Link to="/mot-de-passe/oublie">{t('reset.askAgain')}</Link>
        </p>
      </AuthMessage>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = checkNewPassword(password, confirm, passwordContext);
    const next = { password: check.password && t(check.password), confirm: check.confirm && t(check.confirm) };
    setErrors(next);
    if (next.password || next.confirm) {
      focusFirstInvalid(form.current);
      return;
    }
    mutation.mutate({ token, password });
  };

  const formError =
    mutation.isError && !isApiError(mutation.error, 'PASSWORD_TOO_WEAK', 'PASSWORD_SAME_AS_LOGIN')
      ? mutation.error
      : undefined;
  return (
    <AuthLayout>
      <PageHeader title={t('reset.title')} subtitle={<p>{t('reset.intro')}</p>} />
      <LiveRegion politeness="assertive">
        {formError ? (
          <Alert tone="error">
            <p>{errorText(formError, t)}</p>
            {isApiError(formError, 'RESET_TOKEN_INVALID') ? (
              <p>
                <Link to="/mot-de-passe/oublie">{t('reset.askAgain')}</Link>
              </p>
            ) : null}
          </Alert>
        ) : null}
      </LiveRegion>
      <form ref={form} className="form" onSubmit={onSubmit} noValidate>
        <NewPasswordFields
          password={password}
          confirm={confirm}
          onPasswordChange={setPassword}
          onConfirmChange={setConfirm}
          errors={errors}
          passwordLabel={t('reset.password')}
          confirmLabel={t('reset.confirm')}
          context={passwordContext}
        />
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending} className="btn--block">
            {t('reset.submit')}
          </Button>
        </div>
      </form>
    </AuthLayout>
  );
}
