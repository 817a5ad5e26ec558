import type { Me } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Card } from '../../components/Card.tsx';
import { profileLabel } from '../../lib/labels.ts';

/** Who I am, as the school knows me (read-only). */
export function IdentityCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <Card title={t('account.identity')} description={<p>{t('account.identityHelp')}</p>}>
      <dl className="details">
        <div className="details__row">
          <dt>{t('account.name')}</dt>
          <dd>{me.displayName}</dd>
        </div>
        <div className="details__row">
          <dt>{t('account.login')}</dt>
          <dd className="mono">{me.login}</dd>
        </div>
        <div className="details__row">
          <dt>{t('account.profile')}</dt>
          <dd>{profileLabel(t, me.profile, me.staffFunction)}</dd>
        </div>
        <div className="details__row">
          <dt>{t('account.structures', { count: me.structures.length })}</dt>
          <dd>
            {me.structures.length === 0 ? (
              t('account.noStructure')
            ) : (
              <ul className="plain-list">
                {me.structures.map((structure) => (
                  <li key={structure.id}>
                    {structure.name} <span className="muted">({structure.uai})</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        {me.adminRoles.length > 0 ? (
          <div className="details__row">
            <dt>{t('account.adminRoles')}</dt>
            <dd>
              <ul className="plain-list">
                {me.adminRoles.map((role) => (
                  <li key={`${role.role}-${role.scopeId}`}>
                    {t(`adminRoles.${role.role}`)} – {role.scopeName}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
    </Card>
  );
}
