import { CreateEquipmentBody, type EnrolmentSettings, type EquipmentKind, equipmentKinds, type InventoryEnrolment } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../../api/download.ts';
import { type EquipmentFilters, inventoryApi } from '../../api/inventory-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { ShowMoreButton } from '../../components/ShowMoreButton.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormCheck } from '../../lib/use-form-check.ts';
import { inventoryKeys, useEnrolments, useEquipment } from './inventory-queries.ts';

type View = 'all' | 'warranty' | 'silent';

/** Dates shown as a French reader writes them. */
function shortDate(value: string | null, locale: string): string {
  if (!value) return '—';
  return new Date(value.length === 10 ? `${value}T12:00:00` : value).toLocaleDateString(locale);
}

/** The structure's equipment register in the admin area: the list and its views, entry by hand, agent enrolments. */
export function InventoryTab({ structureId }: { structureId: string }) {
  return (
    <div className="stack">
      <EquipmentCard structureId={structureId} />
      <CreateEquipmentCard structureId={structureId} />
      <EnrolmentsCard structureId={structureId} />
    </div>
  );
}

function EquipmentCard({ structureId }: { structureId: string }) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<View>('all');
  const [kind, setKind] = useState('');
  const [room, setRoom] = useState('');
  const [exportError, setExportError] = useState<unknown>();
  const inNinetyDays = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  const filters: EquipmentFilters = {
    kind: (kind || undefined) as EquipmentKind | undefined,
    room: room.trim() || undefined,
    ...(view === 'warranty' ? { warrantyEndsBefore: inNinetyDays } : {}),
    ...(view === 'silent' ? { silentForDays: 30 } : {}),
  };
  const query = useEquipment(structureId, filters);
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const exportCsv = () => {
    setExportError(undefined);
    downloadFile(`/inventory/structures/${structureId}/equipment.csv`, 'inventaire.csv').catch(setExportError);
  };
  const printLabels = () => {
    setExportError(undefined);
    const chosen = room.trim();
    downloadFile(`/inventory/structures/${structureId}/labels.pdf?${new URLSearchParams({ room: chosen })}`, `etiquettes-${chosen}.pdf`).catch(setExportError);
  };
  return (
    <Card title={t('inventory.title')}>
      <div className="form form--grid">
        <SelectField
          label={t('inventory.view')}
          value={view}
          onChange={(value) => setView(value as View)}
          options={(['all', 'warranty', 'silent'] as const).map((v) => ({ value: v, label: t(`inventory.views.${v}`) }))}
        />
        <SelectField
          label={t('inventory.kind')}
          value={kind}
          onChange={setKind}
          emptyOption={t('inventory.allKinds')}
          options={equipmentKinds.map((k) => ({ value: k, label: t(`inventory.kinds.${k}`) }))}
        />
        <TextField label={t('inventory.roomFilter')} name="room-filter" maxLength={60} value={room} onChange={setRoom} description={t('inventory.roomFilterHelp')} />
      </div>
      <ErrorAlert error={exportError} />
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>
          <p>{view === 'all' && !kind ? t('inventory.empty') : t('inventory.emptyView')}</p>
        </EmptyState>
      ) : (
        <>
          <DataTable
            label={t('inventory.caption')}
            caption={t('inventory.caption')}
            columns={[
              { label: t('inventory.name') },
              { label: t('inventory.kind') },
              { label: t('inventory.room') },
              { label: t('inventory.serial') },
              { label: t('inventory.status') },
              { label: t('inventory.warranty') },
              { label: t('inventory.lastReport') },
            ]}
          >
            {items.map((item) => (
              <tr key={item.id}>
                <th scope="row">{item.name}</th>
                <td>{t(`inventory.kinds.${item.kind}`)}</td>
                <td>{item.room ?? '—'}</td>
                <td className="mono">{item.serial ?? '—'}</td>
                <td>{t(`inventory.statuses.${item.status}`)}</td>
                <td>{shortDate(item.warrantyEndsOn, i18n.language)}</td>
                <td>{item.lastReportAt ? shortDate(item.lastReportAt, i18n.language) : t('inventory.noAgent')}</td>
              </tr>
            ))}
          </DataTable>
          <ShowMoreButton hasMore={query.hasNextPage} isLoading={query.isFetchingNextPage} onPress={() => void query.fetchNextPage()} />
        </>
      )}
      <div className="form__actions">
        <Button variant="secondary" onPress={exportCsv}>
          {t('inventory.export')}
        </Button>
        <Button variant="secondary" onPress={printLabels} isDisabled={!room.trim()}>
          {t('inventory.labels')}
        </Button>
      </div>
      <p className="muted">{t('inventory.labelsHelp')}</p>
    </Card>
  );
}

function CreateEquipmentCard({ structureId }: { structureId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState('');
  const [name, setName] = useState('');
  const [room, setRoom] = useState('');
  const [serial, setSerial] = useState('');
  const { form, errors, check } = useFormCheck(CreateEquipmentBody);
  const mutation = useMutation({
    mutationFn: (body: CreateEquipmentBody) => inventoryApi.create(structureId, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: inventoryKeys.equipment(structureId) });
      setName('');
      setRoom('');
      setSerial('');
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = check({ kind, name, ...(room ? { room } : {}), ...(serial ? { serial } : {}) });
    if (body) mutation.mutate(body);
    else mutation.reset();
  };
  return (
    <Card title={t('inventory.add')}>
      <LiveRegion>
        {mutation.isSuccess ? (
          <Alert tone="success">
            <p>{t('inventory.added', { name: mutation.data.name })}</p>
          </Alert>
        ) : null}
        <ErrorAlert error={mutation.isError ? mutation.error : undefined} />
      </LiveRegion>
      <form ref={form} className="form form--grid" onSubmit={onSubmit} noValidate>
        <SelectField
          label={t('inventory.kind')}
          value={kind}
          onChange={setKind}
          emptyOption={t('common.choose')}
          options={equipmentKinds.map((k) => ({ value: k, label: t(`inventory.kinds.${k}`) }))}
          isRequired
          error={errors.kind}
        />
        <TextField label={t('inventory.name')} name="equipment-name" maxLength={120} isRequired value={name} onChange={setName} error={errors.name} />
        <TextField label={t('inventory.room')} name="equipment-room" maxLength={60} value={room} onChange={setRoom} error={errors.room} />
        <TextField label={t('inventory.serial')} name="equipment-serial" maxLength={100} value={serial} onChange={setSerial} error={errors.serial} />
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending}>
            {t('inventory.addButton')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function EnrolmentsCard({ structureId }: { structureId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const query = useEnrolments(structureId);
  const [label, setLabel] = useState('');
  const [settings, setSettings] = useState<EnrolmentSettings>();
  const [revoking, setRevoking] = useState<InventoryEnrolment>();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: inventoryKeys.enrolments(structureId) });
  const enrol = useMutation({
    mutationFn: () => inventoryApi.enrol(structureId, label.trim()),
    onSuccess: (result) => {
      setSettings(result);
      setLabel('');
      refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => inventoryApi.revoke(id),
    onSuccess: () => {
      setRevoking(undefined);
      refresh();
    },
  });
  return (
    <Card title={t('inventory.agents')}>
      <p>{t('inventory.agentsHelp')}</p>
      <LiveRegion>
        {settings ? (
          <Alert tone="success">
            <p>{t('inventory.secretOnce')}</p>
            <pre className="mono">{`server = ${settings.server}\nuser = ${settings.user}\npassword = ${settings.password}`}</pre>
          </Alert>
        ) : null}
        <ErrorAlert error={enrol.isError ? enrol.error : undefined} />
      </LiveRegion>
      <form
        className="form form--grid"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (label.trim()) enrol.mutate();
        }}
      >
        <TextField label={t('inventory.enrolmentLabel')} name="enrolment-label" maxLength={100} isRequired value={label} onChange={setLabel} description={t('inventory.enrolmentLabelHelp')} />
        <div className="form__actions">
          <Button type="submit" isPending={enrol.isPending} isDisabled={!label.trim()}>
            {t('inventory.enrol')}
          </Button>
        </div>
      </form>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState>
          <p>{t('inventory.noEnrolment')}</p>
        </EmptyState>
      ) : (
        <DataTable
          label={t('inventory.enrolmentsCaption')}
          caption={t('inventory.enrolmentsCaption')}
          columns={[{ label: t('inventory.enrolmentLabel') }, { label: t('inventory.createdAt') }, { label: t('inventory.lastUsed') }, { label: t('inventory.actions') }]}
        >
          {query.data.map((enrolment) => (
            <tr key={enrolment.id}>
              <th scope="row">{enrolment.label}</th>
              <td>{shortDate(enrolment.createdAt, i18n.language)}</td>
              <td>{enrolment.lastUsedAt ? shortDate(enrolment.lastUsedAt, i18n.language) : t('inventory.neverUsed')}</td>
              <td>
                {enrolment.revokedAt ? (
                  t('inventory.revokedOn', { date: shortDate(enrolment.revokedAt, i18n.language) })
                ) : (
                  <Button variant="danger" size="small" onPress={() => setRevoking(enrolment)}>
                    {t('inventory.revoke')}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {revoking ? (
        <ModalDialog isOpen role="alertdialog" onOpenChange={(open) => (open ? undefined : setRevoking(undefined))} title={t('inventory.revokeTitle', { label: revoking.label })}>
          <p>{t('inventory.revokeWarning')}</p>
          <ErrorAlert error={revoke.isError ? revoke.error : undefined} />
          <div className="form__actions">
            <Button variant="secondary" onPress={() => setRevoking(undefined)}>
              {t('common.cancel')}
            </Button>
            <Button variant="danger" isPending={revoke.isPending} onPress={() => revoke.mutate(revoking.id)}>
              {t('inventory.revoke')}
            </Button>
          </div>
        </ModalDialog>
      ) : null}
    </Card>
  );
}
