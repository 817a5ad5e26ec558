import { CreateStructureLinkBody, type Profile, type StructureService } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { connectedServicesApi, connectedServicesKeys } from '../../../api/connected-services-api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Button } from '../../../components/Button.tsx';
import { Card } from '../../../components/Card.tsx';
import { CheckboxField } from '../../../components/CheckboxField.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../../components/LiveRegion.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { QueryError } from '../../../components/QueryError.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { useFormCheck } from '../../../lib/use-form-check.ts';
import { LaunchUrlField } from './LaunchUrlField.tsx';
import { ProfileChoices } from './ProfileChoices.tsx';
import { RemoveServiceDialog } from './RemoveServiceDialog.tsx';
import { ServiceHeading } from './ServiceHeading.tsx';
import './services-admin.css';

/** A structure's connected services (its ADML): show or hide each of the collectivité's, add and remove its own links. */
export function StructureServicesTab({ structureId }: { structureId: string }) {
  return (
    <div className="stack">
      <ChoicesCard structureId={structureId} />
      <AddLinkCard structureId={structureId} />
    </div>
  );
}

function ChoicesCard({ structureId }: { structureId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: connectedServicesKeys.structure(structureId), queryFn: () => connectedServicesApi.structureServices(structureId) });
  const [said, setSaid] = useState('');
  const [removing, setRemoving] = useState<StructureService | null>(null);
  const key = connectedServicesKeys.structure(structureId);
  // The box follows the click at once; the server's answer confirms it (or the list is read again).
  const setEnabled = (serviceId: string, enabled: boolean) =>
    queryClient.setQueryData<{ items: StructureService[] }>(key, (data) =>
      data ? { items: data.items.map((item) => (item.id === serviceId ? { ...item, enabled } : item)) } : data,
    );
  const shown = useMutation({
    mutationFn: ({ service, enabled }: { service: StructureService; enabled: boolean }) => connectedServicesApi.setShown(structureId, service.id, enabled),
    onMutate: ({ service, enabled }) => {
      setSaid('');
      setEnabled(service.id, enabled);
    },
    onSuccess: (saved) => {
      setEnabled(saved.id, saved.enabled);
      setSaid(t(saved.enabled ? 'servicesAdmin.nowShown' : 'servicesAdmin.nowHidden', { name: saved.name }));
      void queryClient.invalidateQueries({ queryKey: connectedServicesKeys.allMine });
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const items = query.data?.items ?? [];
  return (
    <Card title={t('servicesAdmin.structureTitle')} description={<p>{t('servicesAdmin.structureHelp')}</p>}>
      <LiveRegion>
        {said ? (
          <Alert tone="success">
            <p>{said}</p>
          </Alert>
        ) : null}
        <ErrorAlert error={shown.error} />
      </LiveRegion>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon="grid">
          <p>{t('servicesAdmin.structureEmpty')}</p>
        </EmptyState>
      ) : (
        <ul className="service-admin-list">
          {items.map((service) => (
            <li key={service.id} className="service-admin-item">
              <ServiceHeading service={service} />
              <CheckboxField
                name={`shown-${service.id}`}
                label={
                  <>
                    {t('servicesAdmin.shown')}
                    <span className="visually-hidden"> : {service.name}</span>
                  </>
                }
                checked={service.enabled}
                onChange={(enabled) => shown.mutate({ service, enabled })}
              />
              {service.ownerStructureId ? (
                <div className="service-admin-item__actions">
                  <Button variant="danger" size="small" onPress={() => setRemoving(service)}>
                    {t('servicesAdmin.remove')}
                    <span className="visually-hidden"> {service.name}</span>
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {removing ? (
        <RemoveServiceDialog
          service={removing}
          listKey={connectedServicesKeys.structure(structureId)}
          onClose={(message) => {
            setRemoving(null);
            if (message) setSaid(message);
          }}
        />
      ) : null}
    </Card>
  );
}

function AddLinkCard({ structureId }: { structureId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [launchUrl, setLaunchUrl] = useState('');
  const [profiles, setProfiles] = useState<Profile[]>(['ELEVE', 'PARENT', 'ENSEIGNANT', 'PERSONNEL']);
  const { form, errors, check } = useFormCheck(CreateStructureLinkBody);
  const mutation = useMutation({
    mutationFn: (body: CreateStructureLinkBody) => connectedServicesApi.addLink(structureId, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: connectedServicesKeys.all });
      setName('');
      setLaunchUrl('');
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = check({ name, launchUrl, profiles });
    if (body) mutation.mutate(body);
    else mutation.reset();
  };
  return (
    <Card title={t('servicesAdmin.addLink')} description={<p>{t('servicesAdmin.addLinkHelp')}</p>}>
      <LiveRegion>
        {mutation.isSuccess ? (
          <Alert tone="success">
            <p>{t('servicesAdmin.linkAdded', { name: mutation.data.name })}</p>
          </Alert>
        ) : null}
        <ErrorAlert error={mutation.error} />
      </LiveRegion>
      <form ref={form} className="form" onSubmit={submit} noValidate>
        <p className="form__note">{t('common.requiredNote')}</p>
        <TextField label={t('servicesAdmin.name')} name="linkName" isRequired value={name} onChange={setName} maxLength={80} error={errors.name} />
        <LaunchUrlField name="linkUrl" value={launchUrl} onChange={setLaunchUrl} error={errors.launchUrl} />
        <ProfileChoices value={profiles} onChange={setProfiles} error={errors.profiles} />
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending}>
            {t('servicesAdmin.addLinkButton')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
