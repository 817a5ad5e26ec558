import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** Orientation › (a middle step) › the current page. */
export function Breadcrumb({ current, middle }: { current: string; middle?: { to: string; label: string } }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('orientation.breadcrumb')} className="breadcrumb">
      <ol>
        <li>
          <Link to="/orientation">{t('orientation.title')}</Link>
        </li>
        {middle ? (
          <li>
            <Link to={middle.to}>{middle.label}</Link>
          </li>
        ) : null}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}
