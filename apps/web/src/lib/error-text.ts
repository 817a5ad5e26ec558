import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.ts';
import { waitTime } from './wait-time.ts';

/**
 * What to tell the user about a failed call: the server's message (already in
 * the user's language), else the text of its code; plus the wait when
 * rate-limited.
 */
export function errorText(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('apiErrors.INTERNAL_ERROR');
  if (error.code === 'NETWORK_ERROR') return t('errors.network');
  const message = error.message || t(`apiErrors.${error.code}`, { defaultValue: t('apiErrors.INTERNAL_ERROR') });
  if (error.code === 'RATE_LIMITED' && error.retryAfter) {
    const wait = waitTime(error.retryAfter);
    return `${message} ${t(`errors.retryIn_${wait.unit}`, { count: wait.count })}`;
  }
  return message;
}
