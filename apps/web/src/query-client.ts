import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, isApiError } from './api/client.ts';
import { isServiceUnavailable, retryDelay, serviceStatus } from './api/service-status.ts';
import { endSession, meKey } from './session/session.ts';

/**
 * Retries only what may succeed on a second try: network failures and 5xx answers; a service
 * momentarily unavailable (a restart, a failover) for about a minute, as its Retry-After asks.
 */
function shouldRetry(failureCount: number, error: unknown): boolean {
  // Called after every failed try: the banner shows at the first one, not once the retries are spent.
  serviceStatus.reportError(error);
  if (isServiceUnavailable(error)) return failureCount < 8;
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

/**
 * The app's query client. A 401 UNAUTHENTICATED on any call ends the local
 * session, which sends protected pages to the login page.
 */
export function createQueryClient(): QueryClient {
  const onError = (error: unknown, key?: readonly unknown[]) => {
    serviceStatus.reportError(error);
    if (key?.[0] === meKey[0]) return;
    if (isApiError(error, 'UNAUTHENTICATED')) endSession(client);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey), onSuccess: serviceStatus.reportSuccess }),
    mutationCache: new MutationCache({ onError: (error) => onError(error), onSuccess: serviceStatus.reportSuccess }),
    defaultOptions: {
      queries: { retry: shouldRetry, retryDelay, staleTime: 30_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return client;
}
