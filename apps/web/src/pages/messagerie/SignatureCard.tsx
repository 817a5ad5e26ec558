import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { errorText } from '../../lib/error-text.ts';
import { messagingApi } from './messaging-api.ts';
import { messagingKeys, useMessagingSettings } from './messaging-queries.ts';

/** The signature the editor adds under each new message: a few lines of plain text, set here. */
export function SignatureCard() {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const settings = useMessagingSettings();
  const [text, setText] = useState('');
  const saved = settings.data?.signature;
  useEffect(() => {
    if (saved !== undefined) setText(saved);
  }, [saved]);
  const save = useMutation({
    mutationFn: () => messagingApi.setSettings({ signature: text }),
    onSuccess: (data) => {
      queryClient.setQueryData(messagingKeys.settings, data);
      setText(data.signature);
    },
  });
  const tooManyLines = text.split('\n').length > 6;
  return (
    <form
      className="card messagerie__signature"
      onSubmit={(event) => {
        event.preventDefault();
        if (!tooManyLines) save.mutate();
      }}
      noValidate
    >
      <div className="field">
        <label htmlFor={`${id}-text`} className="field__label">
          {t('messagerie.signature.label')}
        </label>
        <p id={`${id}-help`} className="field__description">
          {t('messagerie.signature.help')}
        </p>
        <textarea
          id={`${id}-text`}
          className="field__input"
          rows={3}
          maxLength={500}
          value={text}
          disabled={!settings.isSuccess}
          onChange={(event) => setText(event.target.value)}
          aria-describedby={tooManyLines ? `${id}-help ${id}-error` : `${id}-help`}
          aria-invalid={tooManyLines || undefined}
        />
        {tooManyLines ? (
          <p id={`${id}-error`} className="field__error">
            {t('messagerie.signature.tooManyLines')}
          </p>
        ) : null}
      </div>
      <Button type="submit" variant="secondary" size="small" isPending={save.isPending} isDisabled={!settings.isSuccess}>
        {t('messagerie.signature.save')}
      </Button>
      <LiveRegion>
        {save.isError ? (
          <Alert tone="error">{errorText(save.error, t)}</Alert>
        ) : save.isSuccess ? (
          <p className="muted">{save.data.signature ? t('messagerie.signature.saved') : t('messagerie.signature.removed')}</p>
        ) : null}
      </LiveRegion>
    </form>
  );
}
