import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../components/ButtonLink.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

/** Any address the app does not know. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="not-found">
      <PageHeader title={t('notFound.title')} subtitle={<p>{t('notFound.text')}</p>} />
      <p>
        <ButtonLink to="/">{t('notFound.home')}</ButtonLink>
      </p>
    </div>
  );
}
