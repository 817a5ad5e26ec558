import { useTranslation } from 'react-i18next';
import { useUnreadCount } from './messaging-queries.ts';

/** The number of unread messages, next to the messagerie's link; kept live by `useLiveUpdates`. */
export function UnreadBadge() {
  const { t } = useTranslation();
  const unread = useUnreadCount();
  const count = unread.data?.unread ?? 0;
  if (count === 0) return null;
  return (
    <span className="nav-badge" data-testid="unread-badge">
      {count > 99 ? '99+' : count}
      <span className="visually-hidden"> {t('messagerie.unreadSuffix', { count })}</span>
    </span>
  );
}
