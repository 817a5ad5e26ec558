import type { Me } from '@preau/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router';
import { portalKey } from '../api/portal-api.ts';
import { GUEST_PATHS } from '../session/GuestOnly.tsx';
import { Icon } from '../components/Icon.tsx';
import { appEntries } from '../lib/apps.ts';
import { UnreadBadge } from '../pages/messagerie/UnreadBadge.tsx';
import { useUnreadCount } from '../pages/messagerie/messaging-queries.ts';
import { useLiveUpdates } from '../pages/messagerie/use-live-updates.ts';

/**
 * The main navigation: home and the applications of this profile, in the
 * header's one row on a wide screen; behind a "Menu" button on a phone or a
 * narrow window, so that the page's content comes first. "Mon compte" lives
 * in the user menu (and the portal's tiles), not here: one row must hold.
 */
export function MainNav({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const location = useLocation();
  // On the portal, its composite call brings the count: the badge waits for it rather than asking too. On the
  // login page the menu shows only for the instant before GuestOnly sends the user on (to the portal, usually).
  const onPortal = location.pathname === '/';
  const portal = useQuery({ queryKey: portalKey, enabled: false });
  const unread = useUnreadCount(!GUEST_PATHS.includes(location.pathname) && (!onPortal || !portal.isPending)).data?.unread ?? 0;
  // One live connection per logged-in page: new messages and timeline events refresh what shows them.
  useLiveUpdates(true);
  // A link followed closes the menu: the new page shows, not the menu over it.
  useEffect(() => setOpen(false), [location.pathname, location.search]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  const className = ({ isActive }: { isActive: boolean }) => (isActive ? 'main-nav__link is-active' : 'main-nav__link');
  return (
    <nav className={open ? 'main-nav is-open' : 'main-nav'} aria-label={t('nav.main')}>
      <button type="button" className="main-nav__toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen((value) => !value)}>
        <Icon name={open ? 'close' : 'menu'} />
        <span>{t('nav.menu')}</span>
        {unread > 0 && !open ? (
          <span className="main-nav__dot">
            <span className="visually-hidden">{` ${unread} ${t('messagerie.unreadSuffix', { count: unread })}`}</span>
          </span>
        ) : null}
      </button>
      <ul className="main-nav__list" id={listId}>
        <li>
          <NavLink to="/" end className={className} title={t('nav.home')}>
            <Icon name="home" />
            <span className="main-nav__label">{t('nav.home')}</span>
          </NavLink>
        </li>
        <li>
          <NavLink to="/mes-applis" className={className} title={t('mesApplis.nav')}>
            <Icon name="grid" />
            <span className="main-nav__label">{t('mesApplis.nav')}</span>
          </NavLink>
        </li>
        {appEntries(me.apps)
          .filter((app) => app.id !== 'account')
          .map((app) => (
            <li key={app.id}>
              <NavLink to={app.path} className={className} title={t(app.nameKey, { defaultValue: app.id })}>
                <Icon name={app.icon} />
                <span className="main-nav__label">{t(app.nameKey, { defaultValue: app.id })}</span>
                {app.id === 'messagerie' ? <UnreadBadge count={unread} /> : null}
              </NavLink>
            </li>
          ))}
      </ul>
    </nav>
  );
}
