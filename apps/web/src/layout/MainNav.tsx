import type { Me } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { Icon } from '../components/Icon.tsx';
import { appEntries } from '../lib/apps.ts';
import { UnreadBadge } from '../pages/messagerie/UnreadBadge.tsx';
import { useLiveUpdates } from '../pages/messagerie/use-live-updates.ts';

/** The main navigation: home and the applications of this profile. */
export function MainNav({ me }: { me: Me }) {
  const { t } = useTranslation();
  // One live connection per logged-in page: new messages and timeline events refresh what shows them.
  useLiveUpdates(true);
  const className = ({ isActive }: { isActive: boolean }) => (isActive ? 'main-nav__link is-active' : 'main-nav__link');
  return (
    <nav className="main-nav" aria-label={t('nav.main')}>
      <ul className="main-nav__list container">
        <li>
          <NavLink to="/" end className={className}>
            <Icon name="home" />
            {t('nav.home')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/mes-applis" className={className}>
            <Icon name="grid" />
            {t('mesApplis.nav')}
          </NavLink>
        </li>
        {appEntries(me.apps).map((app) => (
          <li key={app.id}>
            <NavLink to={app.path} className={className}>
              <Icon name={app.icon} />
              {t(app.nameKey, { defaultValue: app.id })}
              {app.id === 'messagerie' ? <UnreadBadge /> : null}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
