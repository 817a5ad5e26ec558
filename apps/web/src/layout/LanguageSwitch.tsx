import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button.tsx';
import { Icon } from '../components/Icon.tsx';
import { currentLanguage } from '../i18n/i18n.ts';
import { useChangeLanguage } from '../session/use-change-language.ts';

/** A button naming the other language in that language ("English" / "Français"), which switches to it. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const changeLanguage = useChangeLanguage();
  const other = currentLanguage() === 'fr' ? 'en' : 'fr';
  return (
    <Button variant="ghost" className="language-switch" onPress={() => void changeLanguage(other).catch(() => undefined)}>
      <Icon name="globe" />
      <span lang={other}>{t('language.other')}</span>
    </Button>
  );
}
