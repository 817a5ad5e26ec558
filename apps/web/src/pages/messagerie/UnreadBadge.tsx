import { useTranslation } from 'react-i18next';

/** The number of unread messages, next to the messagerie's link (MainNav reads it, kept live by `useLiveUpdates`). */
export function UnreadBadge({ count }: { count: number }) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <span className="nav-badge" data-testid="unread-badge">
      {count > 99 ? '99+' : count}
      <span className="visually-hidden"> {t('messagerie.unreadSuffix', { count })}</span>
    </span>
  );
}
