import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/Alert.tsx';

/** An OIDC client's id and secret, shown this once (the server keeps only the secret's hash). */
export function ServiceSecret({ title, clientId, secret }: { title: string; clientId: string; secret: string }) {
  const { t } = useTranslation();
  return (
    <Alert tone="warning">
      <h3 className="code-result__title">{title}</h3>
      <dl className="details">
        <div className="details__row">
          <dt>{t('servicesAdmin.clientId')}</dt>
          <dd className="mono service-secret" data-testid="oidc-client-id">
            {clientId}
          </dd>
        </div>
        <div className="details__row">
          <dt>{t('servicesAdmin.clientSecret')}</dt>
          <dd className="mono service-secret" data-testid="oidc-client-secret">
            {secret}
          </dd>
        </div>
      </dl>
      <p>{t('servicesAdmin.secretOnce')}</p>
    </Alert>
  );
}
