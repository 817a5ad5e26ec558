import { useCursorPages } from '../../lib/use-cursor-pages.ts';
import { messagingApi } from '../messagerie/messaging-api.ts';
import { messagingKeys } from '../messagerie/messaging-queries.ts';

/** The user's timeline, newest first, page after page (its key is the messagerie's, which live events refresh). */
export function useTimeline() {
  return useCursorPages(messagingKeys.timeline, (cursor) => messagingApi.timeline(cursor));
}
