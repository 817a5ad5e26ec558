import type { Structure } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { AccountsTab } from './AccountsTab.tsx';
import { useStructure } from './admin-queries.ts';
import { ClassesTab } from './ClassesTab.tsx';
import { CreateAccountTab } from './CreateAccountTab.tsx';
import { PendingActivationsTab } from './PendingActivationsTab.tsx';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { InventoryTab } from '../inventory/InventoryTab.tsx';
import { StructureServicesTab } from './services/StructureServicesTab.tsx';
import { GarRespAffTab } from '../gar/GarRespAffTab.tsx';

/** The tabs of a structure's page, with their value in the `onglet` query parameter. */
const tabs = { classes: 'classes', accounts: 'comptes', create: 'nouveau-compte', pending: 'activations', inventory: 'inventaire', services: 'services', gar: 'gar' } as const;
type TabKey = keyof typeof tabs;

function isTabKey(key: unknown): key is TabKey {
  return typeof key === 'string' && Object.hasOwn(tabs, key);
}

function tabFromParam(value: string | null): TabKey {
  const found = (Object.keys(tabs) as TabKey[]).find((key) => tabs[key] === value);
  return found ?? 'classes';
}

/** /admin/etablissements/:id: classes, accounts, account creation, pending activations. */
export function StructurePage() {
  const { id = '' } = useParams();
  const query = useStructure(id);
  if (query.isPending) return <Loading />;
  if (query.isError) {
    if (isApiError(query.error, 'NOT_FOUND', 'VALIDATION_FAILED')) return <NotFoundPage />;
    return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <StructureView structure={query.data} />;
}

function StructureView({ structure }: { structure: Structure }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = tabFromParam(params.get('onglet'));
  const selectTab = (key: TabKey) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('onglet', tabs[key]);
        return next;
      },
      { replace: true },
    );
  const facts = [structure.uai, t(`structureTypes.${structure.type}`), structure.city].filter(Boolean).join(' · ');
  return (
    <>
      <PageHeader
        title={structure.name}
        before={<Breadcrumb label={t('admin.breadcrumb')} trail={[{ to: '/admin', label: t('admin.title') }]} current={structure.name} />}
        subtitle={
          <p>
            {facts} · {t('admin.accountsSummary', { count: structure.accountCount })} ·{' '}
            {t('admin.pendingSummary', { count: structure.pendingActivationCount })}
          </p>
        }
      />
      <Tabs
        selectedKey={tab}
        onSelectionChange={(key) => selectTab(isTabKey(key) ? key : 'classes')}
        className="tabs tabs--page"
      >
        <TabList aria-label={t('admin.structureSections')} className="tabs__list no-print">
          <Tab id="classes" className="tabs__tab">
            {t('admin.tabs.classes')}
          </Tab>
          <Tab id="accounts" className="tabs__tab">
            {t('admin.tabs.accounts')}
          </Tab>
          <Tab id="create" className="tabs__tab">
            {t('admin.tabs.create')}
          </Tab>
          <Tab id="pending" className="tabs__tab">
            {t('admin.tabs.pending')}
          </Tab>
          <Tab id="inventory" className="tabs__tab">
            {t('inventory.tab')}
          </Tab>
          <Tab id="services" className="tabs__tab">
            {t('servicesAdmin.structureTab')}
          </Tab>
          <Tab id="gar" className="tabs__tab">
            {t('gar.tab')}
          </Tab>
        </TabList>
        <TabPanel id="classes" className="tabs__panel">
          <ClassesTab structureId={structure.id} />
        </TabPanel>
        <TabPanel id="accounts" className="tabs__panel">
          <AccountsTab structureId={structure.id} />
        </TabPanel>
        <TabPanel id="create" className="tabs__panel">
          <CreateAccountTab structureId={structure.id} />
        </TabPanel>
        <TabPanel id="pending" className="tabs__panel">
          <PendingActivationsTab structure={structure} />
        </TabPanel>
        <TabPanel id="inventory" className="tabs__panel">
          <InventoryTab structureId={structure.id} />
        </TabPanel>
        <TabPanel id="services" className="tabs__panel">
          <StructureServicesTab structureId={structure.id} />
        </TabPanel>
        <TabPanel id="gar" className="tabs__panel">
          <GarRespAffTab structureId={structure.id} />
        </TabPanel>
      </Tabs>
    </>
  );
}
