import type { ConnectedService, CreateConnectedServiceBody, UpdateConnectedServiceBody } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { connectedServicesApi, connectedServicesKeys } from '../../../api/connected-services-api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Breadcrumb } from '../../../components/Breadcrumb.tsx';
import { Button } from '../../../components/Button.tsx';
import { Card } from '../../../components/Card.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../../components/LiveRegion.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { ModalDialog } from '../../../components/ModalDialog.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { QueryError } from '../../../components/QueryError.tsx';
import { SelectField } from '../../../components/SelectField.tsx';
import { useCurrentUser } from '../../../session/current-user.ts';
import { NotFoundPage } from '../../NotFoundPage.tsx';
import { ServiceForm } from './ServiceForm.tsx';
import { RemoveServiceDialog } from './RemoveServiceDialog.tsx';
import { ServiceHeading } from './ServiceHeading.tsx';
import { ServiceSecret } from './ServiceSecret.tsx';
import './services-admin.css';

/** /admin/services — the ADMC's catalogue of connected services: declare, edit, renew a secret, remove. */
export function ServicesAdminPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const collectivites = me.adminRoles.filter((role) => role.role === 'ADMC');
  const [collectiviteId, setCollectiviteId] = useState(collectivites[0]?.scopeId ?? '');
  if (collectivites.length === 0) return <NotFoundPage />;
  return (
    <>
      <PageHeader
        title={t('servicesAdmin.title')}
        before={<Breadcrumb label={t('admin.breadcrumb')} trail={[{ to: '/admin', label: t('admin.title') }]} current={t('servicesAdmin.title')} />}
        subtitle={<p>{t('servicesAdmin.subtitle')}</p>}
      />
      <div className="stack">
        {collectivites.length > 1 ? (
          <SelectField
            label={t('servicesAdmin.collectivite')}
            value={collectiviteId}
            onChange={setCollectiviteId}
            options={collectivites.map((role) => ({ value: role.scopeId, label: role.scopeName }))}
          />
        ) : null}
        <CatalogueCard key={`list-${collectiviteId}`} collectiviteId={collectiviteId} />
        <DeclareCard key={`form-${collectiviteId}`} collectiviteId={collectiviteId} />
      </div>
    </>
  );
}

type Dialog = { kind: 'edit' | 'remove' | 'rotate'; service: ConnectedService } | null;

function CatalogueCard({ collectiviteId }: { collectiviteId: string }) {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: connectedServicesKeys.catalogue(collectiviteId), queryFn: () => connectedServicesApi.catalogue(collectiviteId) });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [said, setSaid] = useState('');
  const close = (message?: string) => {
    setDialog(null);
    if (message) setSaid(message);
  };
  const items = query.data?.items ?? [];
  return (
    <Card title={t('servicesAdmin.catalogue')}>
      <LiveRegion>{said ? <Alert tone="success"><p>{said}</p></Alert> : null}</LiveRegion>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon="grid">
          <p>{t('servicesAdmin.empty')}</p>
        </EmptyState>
      ) : (
        <ul className="service-admin-list">
          {items.map((service) => (
            <li key={service.id} className="service-admin-item">
              <ServiceHeading service={service}>
                {' · '}
                {service.structureIds.length === 0 ? t('servicesAdmin.everyone') : t('servicesAdmin.someStructures', { count: service.structureIds.length })}
              </ServiceHeading>
              <p className="service-admin-item__facts mono">{service.launchUrl}</p>
              {service.protocol === 'link' ? null : (
                <p className="service-admin-item__facts muted">{t('servicesAdmin.patternsCount', { count: service.allowedPatterns.length })}</p>
              )}
              <div className="service-admin-item__actions">
                {service.ownerStructureId ? null : (
                  <Button variant="secondary" size="small" onPress={() => setDialog({ kind: 'edit', service })}>
                    {t('servicesAdmin.edit')}
                    <span className="visually-hidden"> {service.name}</span>
                  </Button>
                )}
                {service.protocol === 'oidc' ? (
                  <Button variant="secondary" size="small" onPress={() => setDialog({ kind: 'rotate', service })}>
                    {t('servicesAdmin.rotate')}
                    <span className="visually-hidden"> {service.name}</span>
                  </Button>
                ) : null}
                <Button variant="danger" size="small" onPress={() => setDialog({ kind: 'remove', service })}>
                  {t('servicesAdmin.remove')}
                  <span className="visually-hidden"> {service.name}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {dialog?.kind === 'edit' ? <EditDialog collectiviteId={collectiviteId} service={dialog.service} onClose={close} /> : null}
      {dialog?.kind === 'remove' ? <RemoveServiceDialog service={dialog.service} listKey={connectedServicesKeys.catalogue(collectiviteId)} onClose={close} /> : null}
      {dialog?.kind === 'rotate' ? <RotateDialog service={dialog.service} onClose={() => close()} /> : null}
    </Card>
  );
}

function DeclareCard({ collectiviteId }: { collectiviteId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // A new form after each declaration: the fields start empty again.
  const [formKey, setFormKey] = useState(0);
  const mutation = useMutation({
    mutationFn: (body: CreateConnectedServiceBody) => connectedServicesApi.declare(collectiviteId, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: connectedServicesKeys.all });
      setFormKey((key) => key + 1);
    },
  });
  const created = mutation.data;
  return (
    <Card title={t('servicesAdmin.declare')} description={<p>{t('servicesAdmin.declareHelp')}</p>}>
      <LiveRegion>
        {created ? (
          <Alert tone="success">
            <p>{t('servicesAdmin.created', { name: created.service.name })}</p>
          </Alert>
        ) : null}
      </LiveRegion>
      {created?.oidcClientSecret && created.service.oidcClientId ? (
        <ServiceSecret title={t('servicesAdmin.secretTitle', { name: created.service.name })} clientId={created.service.oidcClientId} secret={created.oidcClientSecret} />
      ) : null}
      <ServiceForm key={formKey} submitLabel={t('servicesAdmin.create')} isPending={mutation.isPending} error={mutation.error} onSubmit={(value) => mutation.mutate(value)} />
    </Card>
  );
}

function EditDialog({ collectiviteId, service, onClose }: { collectiviteId: string; service: ConnectedService; onClose: (message?: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (changes: UpdateConnectedServiceBody) => connectedServicesApi.edit(service.id, changes),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: connectedServicesKeys.catalogue(collectiviteId) });
      onClose(t('servicesAdmin.saved', { name: saved.name }));
    },
  });
  return (
    <ModalDialog isOpen onOpenChange={(open) => (open ? undefined : onClose())} title={t('servicesAdmin.editTitle', { name: service.name })}>
      <ServiceForm
        service={service}
        submitLabel={t('servicesAdmin.save')}
        isPending={mutation.isPending}
        error={mutation.error}
        onSubmit={({ protocol: _protocol, ...changes }) => mutation.mutate(changes)}
      />
      <div className="form__actions">
        <Button variant="secondary" onPress={() => onClose()}>
          {t('common.cancel')}
        </Button>
      </div>
    </ModalDialog>
  );
}

function RotateDialog({ service, onClose }: { service: ConnectedService; onClose: () => void }) {
  const { t } = useTranslation();
  const mutation = useMutation({ mutationFn: () => connectedServicesApi.rotateSecret(service.id) });
  return (
    <ModalDialog isOpen role="alertdialog" onOpenChange={(open) => (open ? undefined : onClose())} title={t('servicesAdmin.rotateTitle', { name: service.name })}>
      <LiveRegion>
        {mutation.isSuccess ? (
          <ServiceSecret title={t('servicesAdmin.rotated', { name: service.name })} clientId={mutation.data.oidcClientId} secret={mutation.data.oidcClientSecret} />
        ) : null}
      </LiveRegion>
      {mutation.isSuccess ? (
        <div className="form__actions">
          <Button onPress={onClose} autoFocus>
            {t('common.close')}
          </Button>
        </div>
      ) : (
        <>
          <p>{t('servicesAdmin.rotateWarning')}</p>
          <LiveRegion politeness="assertive">
            <ErrorAlert error={mutation.error} />
          </LiveRegion>
          <div className="form__actions">
            <Button variant="danger" onPress={() => mutation.mutate()} isPending={mutation.isPending}>
              {t('servicesAdmin.rotateConfirm')}
            </Button>
            <Button variant="secondary" onPress={onClose} autoFocus>
              {t('common.cancel')}
            </Button>
          </div>
        </>
      )}
    </ModalDialog>
  );
}
