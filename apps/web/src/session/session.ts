import type { Me, SessionResponse } from '@preau/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { authApi } from '../api/auth-api.ts';
import { ApiError, setCsrfToken } from '../api/client.ts';
import { applyLanguage, storedLanguage } from '../i18n/i18n.ts';

/** The query key of the logged-in user (`null` when nobody is logged in). */
export const meKey = ['me'] as const;

/** Asks the server who is logged in; `null` when the session is missing or over. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const { me, csrfToken } = await authApi.me();
    setCsrfToken(csrfToken);
    if (!storedLanguage()) applyLanguage(me.locale);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

/**
 * Starts the session answered by login or activation. The language chosen in
 * this browser wins and is saved on the account; without one, the account's
 * language is adopted.
 */
export function startSession(queryClient: QueryClient, { me, csrfToken }: SessionResponse): void {
  setCsrfToken(csrfToken);
  queryClient.setQueryData<Me | null>(meKey, me);
  const chosen = storedLanguage();
  if (!chosen) {
    applyLanguage(me.locale);
  } else if (chosen !== me.locale) {
    authApi.updateMe({ locale: chosen }).then(
      (response) => queryClient.setQueryData<Me | null>(meKey, response.me),
      () => undefined,
    );
  }
}

/** Forgets everything cached about the user who was logged in. */
export function endSession(queryClient: QueryClient): void {
  setCsrfToken(undefined);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  queryClient.setQueryData<Me | null>(meKey, null);
}
