import { PASSWORD_MIN_LENGTH } from '@preau/contracts';
import { useTranslation } from 'react-i18next';

/** The password rule in one sentence, as stated to the user before typing. */
export function PasswordRule() {
  const { t } = useTranslation();
  return <>{t('password.rule', { min: PASSWORD_MIN_LENGTH })}</>;
}
