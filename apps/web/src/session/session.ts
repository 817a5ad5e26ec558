import type { Locale, Me, SessionResponse } from '@preau/contracts';
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
 * Starts the session answered by login or activation. The server sets the
 * language cookie to the account's language; a language the user picked in
 * this browser before logging in (`chosenBefore`, read before the request)
 * wins and is saved on the account.
 */
export function startSession(
  queryClient: QueryClient,
  { me, csrfToken }: SessionResponse,
  chosenBefore: Locale | undefined,
): void {
  setCsrfToken(csrfToken);
  queryClient.setQueryData<Me | null>(meKey, me);
  if (!chosenBefore || chosenBefore === me.locale) {
    applyLanguage(me.locale);
    return;
  }
  applyLanguage(chosenBefore);
  authApi.updateMe({ locale: chosenBefore }).then(
    (response) => queryClient.setQueryData<Me | null>(meKey, response.me),
    () => undefined,
  );
}

/** Forgets everything cached about the user who was logged in. */
export function endSession(queryClient: QueryClient): void {
  setCsrfToken(undefined);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  queryClient.setQueryData<Me | null>(meKey, null);
}
