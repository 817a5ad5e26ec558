import type { ImportCounts } from '@preau/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { provisioningApi } from '../../../api/provisioning-api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Button } from '../../../components/Button.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { ModalDialog } from '../../../components/ModalDialog.tsx';
import { formatDateTime, formatNumber } from './format.ts';
import { provisioningKeys, useImportJobs } from './import-queries.ts';

/** Accounts and classes the report counts for an action, every type together. */
export function totalOf(counts: ImportCounts, action: 'created' | 'updated' | 'leaving'): number {
  return Object.values(counts).reduce((sum, byAction) => sum + (byAction[action] ?? 0), 0);
}

interface ConfirmRealImportProps {
  /** The files about to be imported for real (undefined: the dialog is closed). */
  fileNames: string[] | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * The confirmation before an import that writes: a complet AAF file can make
 * thousands of accounts leave. It says what the last simulation of the same
 * file announced (created, updated, leaving), or that none was run.
 */
export function ConfirmRealImport({ fileNames, onConfirm, onCancel }: ConfirmRealImportProps) {
  const { t } = useTranslation();
  const jobs = useImportJobs();
  const simulation = fileNames
    ? jobs.data?.items.find((job) => job.dryRun && job.status === 'SUCCEEDED' && job.fileName !== null && fileNames.includes(job.fileName))
    : undefined;
  const report = useQuery({
    queryKey: provisioningKeys.job(simulation?.id ?? 'none'),
    queryFn: () => provisioningApi.job(simulation!.id),
    enabled: simulation !== undefined,
  });
  const counts = report.data?.report?.counts;
  const leaving = counts ? totalOf(counts, 'leaving') : 0;
  return (
    <ModalDialog isOpen={fileNames !== undefined} onOpenChange={(open) => (open ? null : onCancel())} title={t('provisioning.confirm.title')} role="alertdialog">
      <div className="stack">
        <p>{t('provisioning.confirm.what')}</p>
        {jobs.isPending || (simulation && report.isPending) ? <Loading /> : null}
        {!jobs.isPending && !simulation ? (
          <Alert tone="warning" title={t('provisioning.confirm.noSimulation')}>
            <p>{t('provisioning.confirm.simulateFirst')}</p>
          </Alert>
        ) : null}
        {simulation && counts ? (
          <Alert tone={leaving > 0 ? 'warning' : 'info'} title={t('provisioning.confirm.simulated', { date: formatDateTime(simulation.createdAt) })}>
            <ul>
              <li>{t('provisioning.confirm.created', { count: totalOf(counts, 'created'), n: formatNumber(totalOf(counts, 'created')) })}</li>
              <li>{t('provisioning.confirm.updated', { count: totalOf(counts, 'updated'), n: formatNumber(totalOf(counts, 'updated')) })}</li>
              <li>
                <strong>{t('provisioning.confirm.leaving', { count: leaving, n: formatNumber(leaving) })}</strong>
              </li>
            </ul>
          </Alert>
        ) : null}
        <div className="form__actions">
          <Button variant="danger" onPress={onConfirm}>
            {t('provisioning.confirm.apply')}
          </Button>
          <Button variant="secondary" onPress={onCancel}>
            {t('provisioning.confirm.cancel')}
          </Button>
        </div>
      </div>
    </ModalDialog>
  );
}
