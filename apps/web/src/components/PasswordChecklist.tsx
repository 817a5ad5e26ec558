import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordChecks, passwordProblems, type PasswordContext } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon.tsx';

/** The shared password rule as a checklist updated while the user types (met items are ticked). */
export function PasswordChecklist({ password, id, context }: { password: string; id?: string; context: PasswordContext }) {
  const { t } = useTranslation();
  const problems = passwordProblems(password, context);
  // Before anything is typed, nothing is "met": an empty field contains no common password, but says nothing either.
  const isMet = (check: (typeof passwordChecks)[number]) => password.length > 0 && !problems.includes(check);
  return (
    <div className="checklist" id={id}>
      <p className="checklist__title">{t('password.checklistTitle')}</p>
      <ul className="checklist__list">
        {passwordChecks.map((check) => (
          <li key={check} className={isMet(check) ? 'checklist__item checklist__item--met' : 'checklist__item'}>
            <Icon name={isMet(check) ? 'check' : 'dot'} />
            <span>{t(`password.checks.${check}`, { count: PASSWORD_MIN_LENGTH })}</span>
            <span className="visually-hidden">{isMet(check) ? t('password.met') : t('password.unmet')}</span>
          </li>
        ))}
      </ul>
      {problems.includes('TOO_LONG') ? (
        <p className="checklist__warning">{t('password.checks.TOO_LONG', { count: PASSWORD_MAX_LENGTH })}</p>
      ) : null}
    </div>
  );
}
