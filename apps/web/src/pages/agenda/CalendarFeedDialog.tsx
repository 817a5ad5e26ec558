import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Calendar } from '@preau/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agendaApi, agendaKeys } from '../../api/agenda-api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { formatInstant } from '../emploi-du-temps/dates.ts';

/**
 * Subscribing a phone or mail app to one calendar: a secret address shown
 * once when made (with a copy button), renewed or revoked here; the revoke
 * is confirmed, as the subscribed apps then stop receiving the calendar.
 */
export function CalendarFeedDialog({ calendar, onClose }: { calendar: Calendar; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const feed = useQuery({ queryKey: agendaKeys.feed(calendar.id), queryFn: () => agendaApi.feed(calendar.id) });
  const create = useMutation({
    mutationFn: () => agendaApi.createFeed(calendar.id),
    onSuccess: (data) => {
      setUrl(data.url);
      setNotice(t('agenda.feed.created'));
      queryClient.setQueryData(agendaKeys.feed(calendar.id), { url: null, createdAt: data.createdAt });
    },
  });
  const revoke = useMutation({
    mutationFn: () => agendaApi.revokeFeed(calendar.id),
    onSuccess: () => {
      setUrl(null);
      setConfirmRevoke(false);
      setNotice(t('agenda.feed.revoked'));
      queryClient.setQueryData(agendaKeys.feed(calendar.id), { url: null, createdAt: null });
    },
  });
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setNotice(t('agenda.feed.copied'));
    } catch {
      setNotice(t('agenda.feed.copyFailed'));
    }
  };
  const createdAt = feed.data?.createdAt;
  const error = feed.error ?? create.error ?? revoke.error;
  return (
    <ModalDialog isOpen onOpenChange={(open) => !open && onClose()} title={t('agenda.feed.title', { title: calendar.title })}>
      <div className="stack">
        <p>{t('agenda.feed.help')}</p>
        {createdAt ? <p>{t('agenda.feed.active', { date: formatInstant(createdAt, i18n.language) })}</p> : null}
        {feed.isSuccess && !createdAt ? <p>{t('agenda.feed.none')}</p> : null}
        {url ? (
          <div>
            <label htmlFor="agenda-feed-url" className="field__label">
              {t('agenda.feed.url')}
            </label>
            <p className="field__description" id="agenda-feed-url-help">
              {t('agenda.feed.urlHelp')}
            </p>
            <div className="tt-ical-url__row">
              <input id="agenda-feed-url" className="field__input mono" readOnly value={url} aria-describedby="agenda-feed-url-help" onFocus={(e) => e.target.select()} />
              <Button variant="secondary" onPress={() => void copy()}>
                {t('agenda.feed.copy')}
              </Button>
            </div>
          </div>
        ) : null}
        {confirmRevoke ? (
          <div className="stack">
            <p>{t('agenda.feed.revokeText')}</p>
            <div className="form__actions">
              <Button variant="danger" onPress={() => revoke.mutate()} isPending={revoke.isPending}>
                {t('agenda.feed.revoke')}
              </Button>
              <Button variant="secondary" onPress={() => setConfirmRevoke(false)}>
                {t('agenda.feed.keep')}
              </Button>
            </div>
          </div>
        ) : (
          <div className="form__actions">
            <Button variant={createdAt ? 'secondary' : 'primary'} onPress={() => create.mutate()} isPending={create.isPending}>
              {createdAt ? t('agenda.feed.renew') : t('agenda.feed.create')}
            </Button>
            {createdAt ? (
              <Button variant="danger" onPress={() => setConfirmRevoke(true)}>
                {t('agenda.feed.revoke')}
              </Button>
            ) : null}
            <Button variant="secondary" onPress={onClose}>
              {t('agenda.feed.close')}
            </Button>
          </div>
        )}
        <LiveRegion>{error ? <ErrorAlert error={error} /> : notice ? <p>{notice}</p> : null}</LiveRegion>
      </div>
    </ModalDialog>
  );
}
