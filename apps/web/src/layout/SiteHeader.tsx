import type { Me } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Logo } from './Logo.tsx';
import { MainNav } from './MainNav.tsx';
import { UserMenu } from './UserMenu.tsx';

/** The banner, one row: product name, the main navigation once logged in, the user's menu. */
export function SiteHeader({ me }: { me: Me | null | undefined }) {
  const { t } = useTranslation();
  return (
    <header className={me ? 'site-header site-header--app' : 'site-header'}>
      <div className="site-header__bar container">
        <Link to="/" className="brand">
          <Logo />
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </Link>
        {me ? <MainNav me={me} /> : null}
        <div className="site-header__tools">{me ? <UserMenu me={me} /> : <LanguageSwitch />}</div>
      </div>
    </header>
  );
}
