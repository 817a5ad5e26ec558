import type { AdminAccount } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/admin-api.ts';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { ActivationCodeResult } from './ActivationCodeResult.tsx';
import { adminKeys } from './admin-queries.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

interface RegenerateCodeDialogProps {
  account: AdminAccount;
  structureId: string;
  onClose: () => void;
}

/** Confirms, then generates a new activation code and shows it. */
export function RegenerateCodeDialog({ account, structureId, onClose }: RegenerateCodeDialogProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const name = `${account.firstName} ${account.lastName}`;
  const mutation = useMutation({
    mutationFn: () => adminApi.regenerateCode(account.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.accounts(structureId) });
      void queryClient.invalidateQueries({ queryKey: adminKeys.pending(structureId) });
      void queryClient.invalidateQueries({ queryKey: adminKeys.structure(structureId) });
    },
  });
  return (
    <ModalDialog
      isOpen
      role="alertdialog"
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={t('admin.regenerateTitle', { name })}
    >
      <LiveRegion>
        {mutation.isSuccess ? (
          <ActivationCodeResult
            title={t('admin.newCodeReady')}
            name={name}
            login={mutation.data.account.login}
            code={mutation.data.activationCode}
          />
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
          <p>{t('admin.regenerateWarning')}</p>
          <LiveRegion politeness="assertive">
            <ErrorAlert error={mutation.error} />
          </LiveRegion>
          <div className="form__actions">
            <Button variant="danger" onPress={() => mutation.mutate()} isPending={mutation.isPending}>
              {t('admin.regenerate')}
            </Button>
            <Button variant="secondary" onPress={onClose}>
              {t('common.cancel')}
            </Button>
          </div>
        </>
      )}
    </ModalDialog>
  );
}
