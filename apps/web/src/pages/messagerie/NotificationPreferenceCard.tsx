import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationChannel } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { messagingApi, messagingKeys } from './messaging-api.ts';

const channels: NotificationChannel[] = ['ENT', 'DIGEST', 'NONE'];

/** Where new messages are announced: in the ENT, in a daily e-mail digest, or nowhere. */
export function NotificationPreferenceCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const preferences = useQuery({ queryKey: messagingKeys.preferences, queryFn: messagingApi.preferences });
  const save = useMutation({
    mutationFn: (channel: NotificationChannel) => messagingApi.setPreferences({ items: [{ kind: 'messaging.received', channel }] }),
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
      <LiveRegion>{save.isSuccess ? <p className="muted">{t('messagerie.notify.saved')}</p> : null}</LiveRegion>
    </div>
  );
}
