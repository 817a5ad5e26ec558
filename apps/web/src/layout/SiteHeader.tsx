import type { Me } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Logo } from './Logo.tsx';
import { MainNav } from './MainNav.tsx';
import { UserMenu } from './UserMenu.tsx';

/** The banner: product name, then the user's menu and the main navigation once logged in. */
export function SiteHeader({ me }: { me: Me | null | undefined }) {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <div className="site-header__bar container">
        <Link to="/" className="brand">
          <Logo />
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </Link>
        <div className="site-header__tools">{me ? <UserMenu me={me} /> : <LanguageSwitch />}</div>
      </div>
      {me ? <MainNav me={me} /> : null}
    </header>
  );
}
