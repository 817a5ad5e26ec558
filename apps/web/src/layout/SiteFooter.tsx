import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The page footer, with the legal pages every public ENT must link from its home. */
export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p>{t('app.footer')}</p>
        <nav aria-label={t('app.footerNav')}>
          <ul className="site-footer__links">
            <li>
              <Link to="/donnees-personnelles">{t('legal.footerLink')}</Link>
            </li>
            <li>
              <Link to="/accessibilite">{t('accessibility.footerLink')}</Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
