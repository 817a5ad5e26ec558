import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** Administration › Imports de comptes (› the import). */
export function ImportsBreadcrumb({ current }: { current?: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('admin.breadcrumb')} className="breadcrumb no-print">
      <ol>
        <li>
          <Link to="/admin">{t('admin.title')}</Link>
        </li>
        {current ? (
          <>
            <li>
              <Link to="/admin/imports">{t('provisioning.title')}</Link>
            </li>
            <li aria-current="page">{current}</li>
          </>
        ) : (
          <li aria-current="page">{t('provisioning.title')}</li>
        )}
      </ol>
    </nav>
  );
}
