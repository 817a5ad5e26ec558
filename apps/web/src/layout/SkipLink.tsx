import { useTranslation } from 'react-i18next';

/** "Aller au contenu": the first stop of the keyboard, straight to <main>. */
export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#contenu">
      {t('app.skipLink')}
    </a>
  );
}
