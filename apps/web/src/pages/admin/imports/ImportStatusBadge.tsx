import type { ImportJob } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/Badge.tsx';

const tones = { QUEUED: 'neutral', RUNNING: 'info', SUCCEEDED: 'success', FAILED: 'danger' } as const;

/** The state of an import, in words (and "simulation" for a dry run). */
export function ImportStatusBadge({ status, dryRun }: { status: ImportJob['status']; dryRun: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="imports__status">
      <Badge tone={tones[status]}>{t(`provisioning.status.${status}`)}</Badge>
      {dryRun ? <Badge tone="warning">{t('provisioning.dryRunBadge')}</Badge> : null}
    </span>
  );
}
