import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { serviceStatus } from '../api/service-status.ts';
import { Alert } from '../components/Alert.tsx';
import { Button } from '../components/Button.tsx';
import { LiveRegion } from '../components/LiveRegion.tsx';

/** Seconds between two tries of the queries that gave up while the service is unavailable. */
const RETRY_EVERY_MS = 15_000;

/** Tries again the queries on screen that gave up. */
function refetchFailed(queryClient: QueryClient): void {
  void queryClient.refetchQueries({ type: 'active', predicate: (query) => query.state.status === 'error' });
}

/**
 * One calm notice while the server is momentarily unavailable (a restart, a
 * database failover): pages keep what they show, queries retry by themselves,
 * and the notice goes at the first answer.
 */
export function ServiceBanner() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const unavailable = useSyncExternalStore(serviceStatus.subscribe, serviceStatus.isUnavailable);
  const retry = () => refetchFailed(queryClient);

  useEffect(() => {
    if (!unavailable) return;
    const timer = setInterval(() => refetchFailed(queryClient), RETRY_EVERY_MS);
    return () => clearInterval(timer);
  }, [unavailable, queryClient]);

  return (
    <LiveRegion className="container service-banner">
      {unavailable ? (
        <Alert tone="info" title={t('service.unavailableTitle')}>
          <p>{t('service.unavailableText')}</p>
          <Button variant="secondary" onPress={retry}>
            {t('common.retry')}
          </Button>
        </Alert>
      ) : null}
    </LiveRegion>
  );
}
