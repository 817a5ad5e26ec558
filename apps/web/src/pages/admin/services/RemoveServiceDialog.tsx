import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connectedServicesApi } from '../../../api/connected-services-api.ts';
import { Button } from '../../../components/Button.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../../components/LiveRegion.tsx';
import { ModalDialog } from '../../../components/ModalDialog.tsx';

interface RemoveServiceDialogProps {
  service: { id: string; name: string };
  /** The list to refresh once it is gone: the collectivité's catalogue, or a structure's services. */
  listKey: QueryKey;
  onClose: (message?: string) => void;
}

/** Removing a service of the catalogue or a structure's own link, after a confirmation that names it. */
export function RemoveServiceDialog({ service, listKey, onClose }: RemoveServiceDialogProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => connectedServicesApi.remove(service.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: listKey });
      onClose(t('servicesAdmin.removed', { name: service.name }));
    },
  });
  return (
    <ModalDialog isOpen role="alertdialog" onOpenChange={(open) => (open ? undefined : onClose())} title={t('servicesAdmin.removeTitle', { name: service.name })}>
      <p>{t('servicesAdmin.removeWarning')}</p>
      <LiveRegion politeness="assertive">
        <ErrorAlert error={mutation.error} />
      </LiveRegion>
      <div className="form__actions">
        <Button variant="danger" onPress={() => mutation.mutate()} isPending={mutation.isPending}>
          {t('servicesAdmin.removeConfirm')}
        </Button>
        <Button variant="secondary" onPress={() => onClose()} autoFocus>
          {t('common.cancel')}
        </Button>
      </div>
    </ModalDialog>
  );
}
