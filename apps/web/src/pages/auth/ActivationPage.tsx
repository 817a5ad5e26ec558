import type { ActivateBody } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { authApi } from '../../api/auth-api.ts';
import { ApiError, isApiError } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { CheckboxField } from '../../components/CheckboxField.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { NewPasswordFields } from '../../components/NewPasswordFields.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { TextField } from '../../components/TextField.tsx';
import { AuthLayout, AuthMessage } from '../../layout/AuthLayout.tsx';
import { storedLanguage } from '../../i18n/i18n.ts';
import { looksLikeEmail } from '../../lib/email.ts';
import { errorText } from '../../lib/error-text.ts';
import { focusFirstInvalid } from '../../lib/focus.ts';
import { useCommonPasswords } from '../../lib/common-passwords.ts';
import { checkNewPassword } from '../../lib/password-errors.ts';
import { startSession } from '../../session/session.ts';
import { readActivationState, type ActivationState } from './activation-state.ts';
import { CharterText } from './CharterText.tsx';

interface Errors {
  password?: string | undefined;
  confirm?: string | undefined;
  charter?: string | undefined;
  email?: string | undefined;
}

/** /activation: the first login, reached from the login page with an activation ticket. */
export function ActivationPage() {
  const { t } = useTranslation();
  const ticket = readActivationState(useLocation().state);
  if (!ticket) {
    return (
      <AuthMessage title={t('activation.missingTitle')} tone="warning" message={t('activation.missing')}>
        <p className="form__actions">
          <ButtonLink to="/connexion">{t('activation.backToLogin')}</ButtonLink>
        </p>
      </AuthMessage>
    );
  }
  return <ActivationForm ticket={ticket} />;
}

function ActivationForm({ ticket }: { ticket: ActivationState }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [charter, setCharter] = useState(false);
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const passwordContext = { isCommon: useCommonPasswords(), personal: [ticket.login, ticket.firstName] };

  const mutation = useMutation({
    mutationFn: (body: ActivateBody) => authApi.activate(body),
    onMutate: () => storedLanguage(),
    onSuccess: (response, _body, chosenBefore) => startSession(queryClient, response, chosenBefore),
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const fieldErrors = serverFieldErrors(error, t);
      if (fieldErrors) {
        setErrors(fieldErrors);
        focusFirstInvalid(form.current);
      }
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = checkNewPassword(password, confirm, passwordContext);
    const next: Errors = {
      password: check.password && t(check.password),
      confirm: check.confirm && t(check.confirm),
      charter: charter ? undefined : t('validation.charterRequired'),
      email: email.trim() && !looksLikeEmail(email) ? t('validation.email') : undefined,
    };
    setErrors(next);
    if (Object.values(next).some(Boolean)) {
      focusFirstInvalid(form.current);
      return;
    }
    mutation.mutate({
      activationToken: ticket.activationToken,
      password,
      acceptCharter: true,
      ...(email.trim() ? { email: email.trim() } : {}),
    });
  };

  const formError = mutation.isError && !serverFieldErrors(mutation.error, t) ? mutation.error : undefined;
  return (
    <AuthLayout wide>
      <PageHeader
        title={t('activation.title', { firstName: ticket.firstName })}
        documentTitle={t('activation.documentTitle')}
        subtitle={<p>{t('activation.subtitle', { login: ticket.login })}</p>}
      />
      <LiveRegion politeness="assertive">
        {formError ? (
          <Alert tone="error" title={t('activation.failed')}>
            <p>{errorText(formError, t)}</p>
            {isApiError(formError, 'ACTIVATION_TOKEN_INVALID') ? (
              <p>
                <Link to="/connexion">{t('activation.backToLogin')}</Link>
              </p>
            ) : null}
          </Alert>
        ) : null}
      </LiveRegion>
      <p className="form__note">{t('common.allRequired')}</p>
      <form ref={form} className="form" onSubmit={onSubmit} noValidate>
        <section className="form__section" aria-labelledby="activation-password">
          <h2 id="activation-password" className="form__section-title">
            {t('activation.passwordSection')}
          </h2>
          <NewPasswordFields
            password={password}
            confirm={confirm}
            onPasswordChange={setPassword}
            onConfirmChange={setConfirm}
            errors={errors}
            passwordLabel={t('activation.password')}
            confirmLabel={t('activation.confirm')}
            context={passwordContext}
          />
        </section>
        <section className="form__section" aria-labelledby="activation-charter">
          <h2 id="activation-charter" className="form__section-title">
            {t('activation.charterSection')}
          </h2>
          <CharterText />
          <CheckboxField
            label={t('activation.acceptCharter')}
            name="accept-charter"
            checked={charter}
            onChange={setCharter}
            isRequired
            error={errors.charter}
          />
        </section>
        <section className="form__section" aria-labelledby="activation-email">
          <h2 id="activation-email" className="form__section-title">
            {t('activation.emailSection')}
          </h2>
          <TextField
            label={t('activation.email')}
            name="email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={setEmail}
            description={t('activation.emailHelp')}
            error={errors.email}
          />
        </section>
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending}>
            {t('activation.submit')}
          </Button>
        </div>
      </form>
    </AuthLayout>
  );
}

/** The server's refusals that belong to one field, or `undefined` for a form-level error. */
function serverFieldErrors(error: unknown, t: (key: string) => string): Errors | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'PASSWORD_TOO_WEAK') return { password: t('validation.passwordRule') };
  if (error.code === 'PASSWORD_SAME_AS_LOGIN') return { password: error.message || t('apiErrors.PASSWORD_SAME_AS_LOGIN') };
  if (error.code === 'CHARTER_NOT_ACCEPTED') return { charter: t('validation.charterRequired') };
  if (error.code === 'VALIDATION_FAILED' && error.fields?.email) return { email: t('validation.email') };
  return undefined;
}
