import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useCurrentUser } from '../../session/current-user.ts';
import { InventoryTotalsCard } from '../inventory/InventoryTotalsCard.tsx';
import { CreateStructureCard } from './CreateStructureCard.tsx';
import { StructuresCard } from './StructuresCard.tsx';

/** /admin: the structures I administer; for an ADMC, the creation of a new one. */
export function AdminHomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const isAdmc = me.adminRoles.some((role) => role.role === 'ADMC');
  const scopes = me.adminRoles.map((role) => `${t(`adminRoles.${role.role}`)} – ${role.scopeName}`).join(' · ');
  return (
    <>
      <PageHeader
        title={t('admin.title')}
        subtitle={scopes ? <p>{scopes}</p> : null}
        actions={
          isAdmc ? (
            <>
              <ButtonLink to="/admin/imports" variant="secondary">
                {t('provisioning.adminLink')}
              </ButtonLink>
              <ButtonLink to="/admin/onisep" variant="secondary">
                {t('orientation.admin.link')}
              </ButtonLink>
              <ButtonLink to="/admin/services" variant="secondary">
                {t('servicesAdmin.link')}
              </ButtonLink>
            </>
          ) : null
        }
      />
      <div className="stack">
        <StructuresCard />
        {isAdmc ? <CreateStructureCard me={me} /> : null}
        {me.adminRoles
          .filter((role) => role.role === 'ADMC')
          .map((role) => (
            <InventoryTotalsCard key={role.scopeId} collectiviteId={role.scopeId} name={role.scopeName} />
          ))}
      </div>
    </>
  );
}
