import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface ActivationCodeResultProps {
  title: string;
  name: string;
  login: string;
  code: string;
  /** Moves focus to the result when it appears (outside dialogs, which manage focus themselves). */
  focusOnMount?: boolean;
}

/** The login and activation code to hand to the account's owner. */
export function ActivationCodeResult({ title, name, login, code, focusOnMount = false }: ActivationCodeResultProps) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) heading.current?.focus();
  }, [focusOnMount]);
  return (
    <div className="code-result">
      <h3 ref={heading} tabIndex={-1} className="code-result__title">
        {title}
      </h3>
      <dl className="details">
        <div className="details__row">
          <dt>{t('admin.name')}</dt>
          <dd>{name}</dd>
        </div>
        <div className="details__row">
          <dt>{t('admin.login')}</dt>
          <dd className="mono" data-testid="generated-login">
            {login}
          </dd>
        </div>
        <div className="details__row">
          <dt>{t('admin.activationCode')}</dt>
          <dd className="mono code-result__code" data-testid="activation-code">
            {code}
          </dd>
        </div>
      </dl>
      <p className="muted">{t('admin.codeHint')}</p>
    </div>
  );
}
