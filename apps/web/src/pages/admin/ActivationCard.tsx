import type { PendingActivation } from '@preau/contracts';
import { useTranslation } from 'react-i18next';

/** One printed card: what a student or parent needs to log in for the first time. */
export function ActivationCard({ account, structureName }: { account: PendingActivation; structureName: string }) {
  const { t } = useTranslation();
  const address = window.location.origin;
  return (
    <article className="activation-card">
      <header className="activation-card__header">
        <p className="activation-card__product">{t('print.product')}</p>
        <p className="activation-card__structure">{structureName}</p>
      </header>
      <p className="activation-card__name">
        {account.firstName} {account.lastName}
        {account.className ? ` – ${account.className}` : ''}
      </p>
      <dl className="activation-card__facts">
        <div>
          <dt>{t('print.address')}</dt>
          <dd className="mono">{address}</dd>
        </div>
        <div>
          <dt>{t('print.login')}</dt>
          <dd className="mono">{account.login}</dd>
        </div>
        <div>
          <dt>{t('print.code')}</dt>
          <dd className="mono activation-card__code">{account.activationCode}</dd>
        </div>
      </dl>
      <ol className="activation-card__steps">
        <li>{t('print.step1', { address })}</li>
        <li>{t('print.step2')}</li>
        <li>{t('print.step3')}</li>
      </ol>
    </article>
  );
}
