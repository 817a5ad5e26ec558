import { useId } from 'react';
import { useTranslation } from 'react-i18next';

const rules = ['purpose', 'account', 'respect', 'privacy', 'content', 'control'] as const;

/** The summary of the usage charter, in a scrollable region that keyboards can scroll too. */
export function CharterText() {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="charter" role="region" aria-labelledby={id} tabIndex={0}>
      <h3 id={id} className="charter__title">
        {t('charter.title')}
      </h3>
      <p>{t('charter.intro')}</p>
      <ol className="charter__list">
        {rules.map((rule) => (
          <li key={rule}>
            <strong>{t(`charter.rules.${rule}.title`)}</strong> {t(`charter.rules.${rule}.text`)}
          </li>
        ))}
      </ol>
    </div>
  );
}
