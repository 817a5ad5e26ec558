import type { LoginBody } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { authApi } from '../../api/auth-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { AuthLayout } from '../../layout/AuthLayout.tsx';
import { storedLanguage } from '../../i18n/i18n.ts';
import { errorText } from '../../lib/error-text.ts';
import { focusFirstInvalid } from '../../lib/focus.ts';
import { clearLoginNotice, peekLoginNotice } from '../../session/login-notice.ts';
import { startSession } from '../../session/session.ts';
import type { ActivationState } from './activation-state.ts';
import { EduConnectButton } from './EduConnectButton.tsx';

/** What other pages may tell the login page through the router state. */
export interface LoginState {
  from?: string;
  notice?: 'activationExpired';
}

/** /connexion: login and password (or activation code for a first login). */
export function LoginPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const state = useLocation().state as LoginState | null;
  const [notice] = useState(() => peekLoginNotice() ?? state?.notice);
  useEffect(clearLoginNotice, []);
  const form = useRef<HTMLFormElement>(null);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ login?: string; password?: string }>({});

  const mutation = useMutation({
    mutationFn: (body: LoginBody) => authApi.login(body),
    onMutate: () => storedLanguage(),
    onSuccess: (response, _body, chosenBefore) => {
      if (response.kind === 'activation') {
        const activation: ActivationState = {
          activationToken: response.activationToken,
          login: response.login,
          firstName: response.firstName,
        };
        navigate('/activation', { state: activation });
      } else {
        // GuestOnly sends the user on to the page he asked for.
        startSession(queryClient, response, chosenBefore);
      }
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = {
      login: login.trim() ? undefined : t('validation.required'),
      password: password ? undefined : t('validation.required'),
    };
    setErrors(next);
    if (next.login || next.password) {
      focusFirstInvalid(form.current);
      return;
    }
    mutation.mutate({ login: login.trim(), password });
  };

  return (
    <AuthLayout>
      <PageHeader title={t('login.title')} subtitle={<p>{t('login.subtitle')}</p>} />
      {notice ? (
        <Alert tone={notice === 'activationExpired' ? 'warning' : 'info'}>
          <p>{t(`login.notices.${notice}`)}</p>
        </Alert>
      ) : null}
      <LiveRegion politeness="assertive">
        {mutation.isError ? (
          <Alert tone="error" title={t('login.failed')}>
            <p>{errorText(mutation.error, t)}</p>
          </Alert>
        ) : null}
      </LiveRegion>
      <form ref={form} className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label={t('login.login')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck="false"
          isRequired
          value={login}
          onChange={setLogin}
          error={errors.login}
        />
        <PasswordField
          label={t('login.password')}
          name="password"
          autoComplete="current-password"
          isRequired
          value={password}
          onChange={setPassword}
          description={t('login.passwordHelp')}
          error={errors.password}
        />
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending} className="btn--block">
            {t('login.submit')}
          </Button>
        </div>
      </form>
      <EduConnectButton returnTo={state?.from} />
      <p className="auth-links">
        <Link to="/mot-de-passe/oublie">{t('login.forgot')}</Link>
      </p>
    </AuthLayout>
  );
}
