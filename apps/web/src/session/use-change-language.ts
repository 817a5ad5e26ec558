import type { Locale, Me } from '@preau/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { authApi } from '../api/auth-api.ts';
import { applyLanguage } from '../i18n/i18n.ts';
import { meKey } from './session.ts';

/**
 * Switches the language: the interface and the cookie at once, and the
 * account's preference when someone is logged in. Resolves when saved.
 */
export function useChangeLanguage(): (lang: Locale) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(
    async (lang: Locale) => {
      applyLanguage(lang);
      const me = queryClient.getQueryData<Me | null>(meKey);
      if (me && me.locale !== lang) {
        const response = await authApi.updateMe({ locale: lang });
        queryClient.setQueryData<Me | null>(meKey, response.me);
      }
    },
    [queryClient],
  );
}
