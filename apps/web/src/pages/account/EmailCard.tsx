import type { Me, UpdateMeBody } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/auth-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { TextField } from '../../components/TextField.tsx';
import { looksLikeEmail } from '../../lib/email.ts';
import { errorText } from '../../lib/error-text.ts';
import { focusFirstInvalid } from '../../lib/focus.ts';
import { meKey } from '../../session/session.ts';

/** My recovery e-mail address: set, change or remove it. */
export function EmailCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState(me.email ?? '');
  const [error, setError] = useState<string | undefined>();
  const mutation = useMutation({
    mutationFn: (body: UpdateMeBody) => authApi.updateMe(body),
    onSuccess: (response) => {
      queryClient.setQueryData<Me | null>(meKey, response.me);
      setEmail(response.me.email ?? '');
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = email.trim();
    const problem = !value ? t('validation.required') : looksLikeEmail(value) ? undefined : t('validation.email');
    setError(problem);
    if (problem) {
      mutation.reset();
      focusFirstInvalid(form.current);
      return;
    }
    mutation.mutate({ email: value });
  };

  return (
    <Card title={t('account.email')} description={<p>{t('account.emailHelp')}</p>}>
      <LiveRegion>
        {mutation.isSuccess ? (
          <Alert tone="success">
            <p>{mutation.data.me.email ? t('account.emailSaved') : t('account.emailRemoved')}</p>
          </Alert>
        ) : null}
        {mutation.isError ? (
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
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending && mutation.variables?.email !== null}>
            {t('account.saveEmail')}
          </Button>
          {me.email ? (
            <Button
              variant="secondary"
              onPress={() => {
                setError(undefined);
                mutation.mutate({ email: null });
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
