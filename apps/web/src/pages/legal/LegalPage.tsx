import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';

const sections = ['controller', 'purpose', 'data', 'access', 'retention', 'rights', 'cookies'] as const;

/**
 * Legal notice and personal data: the ENT act (arrêté du 30 novembre 2006)
 * must be reachable from the home page, and families must be told what is
 * kept, who sees it and for how long. Public: read before logging in.
 */
export function LegalPage() {
  const { t } = useTranslation();
  return (
    <article className="prose">
      <PageHeader title={t('legal.title')} subtitle={<p>{t('legal.intro')}</p>} />
      {sections.map((section) => (
        <section key={section} aria-labelledby={`legal-${section}`}>
          <h2 id={`legal-${section}`}>{t(`legal.${section}.title`)}</h2>
          <p>{t(`legal.${section}.text`)}</p>
        </section>
      ))}
    </article>
  );
}
