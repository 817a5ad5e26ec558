import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { authApi } from '../../api/auth-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { TextField } from '../../components/TextField.tsx';
import { AuthLayout } from '../../layout/AuthLayout.tsx';
import { focusFirstInvalid } from '../../lib/focus.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** /mot-de-passe/oublie: asks for a reset link, and always gives the same answer. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const [login, setLogin] = useState('');
  const [error, setError] = useState<string | undefined>();
  const mutation = useMutation({ mutationFn: (value: string) => authApi.forgotPassword(value) });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mutation.isPending) return;
    if (!login.trim()) {
      setError(t('validation.required'));
      focusFirstInvalid(form.current);
      return;
    }
    setError(undefined);
    mutation.mutate(login.trim());
  };

  return (
    <AuthLayout>
      <PageHeader title={t('forgot.title')} subtitle={<p>{t('forgot.intro')}</p>} />
      <LiveRegion politeness="polite">
        {mutation.isSuccess ? (
          <Alert tone="success" title={t('forgot.sentTitle')}>
            <p>{mutation.data?.message || t('forgot.sent')}</p>
          </Alert>
        ) : null}
      </LiveRegion>
      <LiveRegion politeness="assertive">
        <ErrorAlert error={mutation.error} />
      </LiveRegion>
      <form ref={form} className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label={t('forgot.login')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck="false"
          isRequired
          value={login}
          onChange={setLogin}
          error={error}
        />
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending} className="btn--block">
            {t('forgot.submit')}
          </Button>
        </div>
      </form>
      <Alert tone="info" title={t('forgot.noEmailTitle')}>
        <p>{t('forgot.noEmail')}</p>
      </Alert>
      <p className="auth-links">
        <Link to="/connexion">{t('common.backToLogin')}</Link>
      </p>
    </AuthLayout>
  );
}
