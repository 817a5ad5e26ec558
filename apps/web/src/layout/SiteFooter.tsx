import { useTranslation } from 'react-i18next';

/** The page footer. */
export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p>{t('app.footer')}</p>
      </div>
    </footer>
  );
}
