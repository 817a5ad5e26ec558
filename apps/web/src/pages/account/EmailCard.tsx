import type { Me, UpdateMeBody } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/auth-api.ts';
import { isApiError } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { looksLikeEmail } from '../../lib/email.ts';
import { errorText } from '../../lib/error-text.ts';
import { focusFirstInvalid } from '../../lib/focus.ts';
import { meKey } from '../../session/session.ts';

/**
 * My recovery e-mail address: set, change or remove it. Reset links go there,
 * so the server asks for the current password (a session left open must not
 * be enough to take the account over).
 */
export function EmailCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState(me.email ?? '');
  const [current, setCurrent] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [currentError, setCurrentError] = useState<string | undefined>();
  const mutation = useMutation({
    mutationFn: (body: UpdateMeBody) => authApi.updateMe(body),
    onSuccess: (response) => {
      queryClient.setQueryData<Me | null>(meKey, response.me);
      setEmail(response.me.email ?? '');
      setCurrent('');
    },
    onError: (failure) => {
      if (!isApiError(failure, 'WRONG_PASSWORD')) return;
      setCurrentError(errorText(failure, t));
      focusFirstInvalid(form.current);
    },
  });

  /** Checks the fields this change needs; focuses the first wrong one. */
  const validate = (checkEmail: boolean): boolean => {
    const value = email.trim();
    const problem = !checkEmail ? undefined : !value ? t('validation.required') : looksLikeEmail(value) ? undefined : t('validation.email');
    const currentProblem = current ? undefined : t('validation.required');
    setError(problem);
    setCurrentError(currentProblem);
    if (problem || currentProblem) {
      mutation.reset();
      focusFirstInvalid(form.current);
      return false;
    }
    return true;
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (validate(true)) mutation.mutate({ email: email.trim(), currentPassword: current });
  };

  const fieldError = mutation.isError && isApiError(mutation.error, 'WRONG_PASSWORD');

  return (
    <Card title={t('account.email')} description={<p>{t('account.emailHelp')}</p>}>
      <LiveRegion>
        {mutation.isSuccess ? (
          <Alert tone="success">
            <p>{mutation.data.me.email ? t('account.emailSaved') : t('account.emailRemoved')}</p>
          </Alert>
        ) : null}
        {mutation.isError && !fieldError ? (
          <Alert tone="error">
            <p>{errorText(mutation.error, t)}</p>
          </Alert>
        ) : null}
      </LiveRegion>
      <form ref={form} className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label={t('account.emailLabel')}
          name="email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={setEmail}
          error={error}
        />
        <PasswordField
          label={t('account.currentPassword')}
          name="email-current-password"
          autoComplete="current-password"
          isRequired
          value={current}
          onChange={setCurrent}
          description={t('account.emailPasswordHelp')}
          error={currentError}
        />
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending && mutation.variables?.email !== null}>
            {t('account.saveEmail')}
          </Button>
          {me.email ? (
            <Button
              variant="secondary"
              onPress={() => {
                if (validate(false)) mutation.mutate({ email: null, currentPassword: current });
              }}
              isPending={mutation.isPending && mutation.variables?.email === null}
            >
              {t('account.removeEmail')}
            </Button>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
