import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { timetableApi } from '../../api/timetable-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { errorText } from '../../lib/error-text.ts';
import { formatInstant } from './dates.ts';
import { timetableKeys, useIcalFeed } from './timetable-queries.ts';

/** The personal iCalendar feed: create (its address is shown once, with a copy button) and revoke. */
export function IcalCard() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const feed = useIcalFeed();
  const create = useMutation({
    mutationFn: timetableApi.createIcal,
    onSuccess: (data) => {
      setUrl(data.url);
      setNotice(t('timetable.ical.created'));
      queryClient.setQueryData(timetableKeys.ical, { url: null, createdAt: data.createdAt });
    },
  });
  const revoke = useMutation({
    mutationFn: timetableApi.revokeIcal,
    onSuccess: () => {
      setUrl(null);
      setNotice(t('timetable.ical.revoked'));
      queryClient.setQueryData(timetableKeys.ical, { url: null, createdAt: null });
    },
  });
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setNotice(t('timetable.ical.copied'));
    } catch {
      setNotice(t('timetable.ical.copyFailed'));
    }
  };
  const error = create.error ?? revoke.error;
  const createdAt = feed.data?.createdAt;
  return (
    <Card title={t('timetable.ical.title')} description={<p>{t('timetable.ical.help')}</p>}>
      <div className="stack">
        {createdAt ? <p>{t('timetable.ical.active', { date: formatInstant(createdAt, i18n.language) })}</p> : null}
        {feed.isSuccess && !createdAt ? <p>{t('timetable.ical.none')}</p> : null}
        {url ? (
          <div className="tt-ical-url">
            <label htmlFor="tt-ical-url" className="field__label">
              {t('timetable.ical.url')}
            </label>
            <p className="field__description" id="tt-ical-url-help">
              {t('timetable.ical.urlHelp')}
            </p>
            <div className="tt-ical-url__row">
              <input id="tt-ical-url" className="field__input mono" readOnly value={url} aria-describedby="tt-ical-url-help" onFocus={(e) => e.target.select()} />
              <Button variant="secondary" onPress={() => void copy()}>
                {t('timetable.ical.copy')}
              </Button>
            </div>
          </div>
        ) : null}
        <div className="form__actions">
          <Button variant={createdAt ? 'secondary' : 'primary'} onPress={() => create.mutate()} isPending={create.isPending}>
            {createdAt ? t('timetable.ical.renew') : t('timetable.ical.create')}
          </Button>
          {createdAt ? (
            <Button variant="danger" onPress={() => revoke.mutate()} isPending={revoke.isPending}>
              {t('timetable.ical.revoke')}
            </Button>
          ) : null}
        </div>
        <LiveRegion>
          {error ? (
            <Alert tone="error">
              <p>{errorText(error, t)}</p>
            </Alert>
          ) : notice ? (
            <p className="tt-notice">{notice}</p>
          ) : null}
        </LiveRegion>
      </div>
    </Card>
  );
}
