import type { Locale } from '@preau/contracts';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { currentLanguage } from '../../i18n/i18n.ts';
import { useChangeLanguage } from '../../session/use-change-language.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

const languages: { value: Locale; label: string }[] = [
  { value: 'fr', label: 'Français' },
  { value: 'en', label: 'English' },
];

/** The language of the interface and of the e-mails, saved on my account. */
export function LanguageCard() {
  const { t, i18n } = useTranslation();
  const changeLanguage = useChangeLanguage();
  const [choice, setChoice] = useState<Locale>(currentLanguage());
  const mutation = useMutation({ mutationFn: changeLanguage });
  // Follow a change made elsewhere (the header's menu).
  useEffect(() => setChoice(currentLanguage()), [i18n.language]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate(choice);
  };
  return (
    <Card title={t('account.language')}>
      <LiveRegion>
        {mutation.isSuccess ? (
          <Alert tone="success">
            <p>{t('account.languageSaved')}</p>
          </Alert>
        ) : null}
        <ErrorAlert error={mutation.error} />
      </LiveRegion>
      <form className="form" onSubmit={onSubmit}>
        <fieldset className="fieldset fieldset--plain">
          <legend className="field__label">{t('account.languageLabel')}</legend>
          {languages.map((language) => (
            <label key={language.value} className="radio" lang={language.value}>
              <input
                type="radio"
                name="locale"
                value={language.value}
                className="radio__input"
                checked={choice === language.value}
                onChange={() => setChoice(language.value)}
              />
              {language.label}
            </label>
          ))}
        </fieldset>
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending}>
            {t('account.saveLanguage')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
