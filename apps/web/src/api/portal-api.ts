import type { Portal } from '@preau/contracts';
import { api } from './client.ts';

/** The portal's composite read: its first screen in one call. */
export const portalApi = {
  get: () => api.get<Portal>('/portal'),
};

/**
 * Its query key, here rather than with the portal page so that the shell (the
 * unread badge waits for the portal's answer) can name it without loading the page.
 */
export const portalKey = ['portal'] as const;
