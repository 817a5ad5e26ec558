import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';

const sections = ['status', 'method', 'known', 'contact', 'remedy'] as const;

/**
 * The accessibility statement a public digital service must publish (RGAA).
 * It states "non conforme" until a full RGAA audit is done, as the rules
 * require, and says what is checked automatically meanwhile.
 */
export function AccessibilityPage() {
  const { t } = useTranslation();
  return (
    <article className="prose">
      <PageHeader title={t('accessibility.title')} subtitle={<p>{t('accessibility.intro')}</p>} />
      {sections.map((section) => (
        <section key={section} aria-labelledby={`a11y-${section}`}>
          <h2 id={`a11y-${section}`}>{t(`accessibility.${section}.title`)}</h2>
          <p>{t(`accessibility.${section}.text`)}</p>
        </section>
      ))}
    </article>
  );
}
