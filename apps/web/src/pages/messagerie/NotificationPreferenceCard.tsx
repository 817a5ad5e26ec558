import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { NotificationChannel } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { useState } from 'react';
import { Alert } from '../../components/Alert.tsx';
import { messagingApi } from './messaging-api.ts';
import { canUseWebPush, subscribeToWebPush } from './web-push.ts';
import { messagingKeys, useNotificationPreferences } from './messaging-queries.ts';

/** Where new messages are announced: in the ENT, in a daily e-mail digest, by Web Push on this browser, or nowhere. */
export function NotificationPreferenceCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [pushProblem, setPushProblem] = useState('');
  const channels: NotificationChannel[] = canUseWebPush() ? ['ENT', 'DIGEST', 'PUSH', 'NONE'] : ['ENT', 'DIGEST', 'NONE'];
  const preferences = useNotificationPreferences();
  const save = useMutation({
    mutationFn: async (channel: NotificationChannel) => {
      setPushProblem('');
      if (channel === 'PUSH') {
        try {
          await subscribeToWebPush();
        } catch (error) {
          setPushProblem((error as Error).message === 'denied' ? t('messagerie.notify.pushDenied') : t('messagerie.notify.pushUnavailable'));
          throw error;
        }
      }
      return messagingApi.setPreferences({ items: [{ kind: 'messaging.received', channel }] });
    },
    onSuccess: (data) => {
      queryClient.setQueryData(messagingKeys.preferences, data);
      void queryClient.invalidateQueries({ queryKey: messagingKeys.timeline });
    },
  });
  const current = preferences.data?.items.find((p) => p.kind === 'messaging.received')?.channel ?? 'ENT';
  return (
    <div className="card messagerie__prefs">
      <SelectField
        label={t('messagerie.notify.label')}
        description={t('messagerie.notify.help')}
        value={current}
        options={channels.map((channel) => ({ value: channel, label: t(`messagerie.notify.${channel}`) }))}
        onChange={(value) => save.mutate(value as NotificationChannel)}
        isDisabled={!preferences.isSuccess}
      />
      <LiveRegion>
        {pushProblem ? <Alert tone="warning">{pushProblem}</Alert> : save.isSuccess ? <p className="muted">{t('messagerie.notify.saved')}</p> : null}
      </LiveRegion>
    </div>
  );
}
