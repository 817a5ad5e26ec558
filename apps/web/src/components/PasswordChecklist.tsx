import { PASSPHRASE_MIN_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblems } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon.tsx';

const checks = ['TOO_SHORT', 'NEEDS_LOWER', 'NEEDS_UPPER', 'NEEDS_DIGIT', 'NEEDS_SYMBOL'] as const;

/** The password rule as a checklist updated while the user types (met items are ticked). */
export function PasswordChecklist({ password, id }: { password: string; id?: string }) {
  const { t } = useTranslation();
  const problems = passwordProblems(password);
  const isPassphrase = [...password].length >= PASSPHRASE_MIN_LENGTH && !problems.includes('TOO_LONG');
  const item = (key: string, met: boolean, text: string) => (
    <li key={key} className={met ? 'checklist__item checklist__item--met' : 'checklist__item'}>
      <Icon name={met ? 'check' : 'dot'} />
      <span>{text}</span>
      <span className="visually-hidden">{met ? t('password.met') : t('password.unmet')}</span>
    </li>
  );
  return (
    <div className="checklist" id={id}>
      <p className="checklist__title">{t('password.checklistTitle')}</p>
      <ul className="checklist__list">
        {checks.map((check) =>
          item(check, !problems.includes(check), t(`password.checks.${check}`, { count: PASSWORD_MIN_LENGTH })),
        )}
      </ul>
      <p className="checklist__or">{t('password.or')}</p>
      <ul className="checklist__list">
        {item('PASSPHRASE', isPassphrase, t('password.checks.PASSPHRASE', { count: PASSPHRASE_MIN_LENGTH }))}
      </ul>
      {problems.includes('TOO_LONG') ? (
        <p className="checklist__warning">{t('password.checks.TOO_LONG', { count: PASSWORD_MAX_LENGTH })}</p>
      ) : null}
    </div>
  );
}
