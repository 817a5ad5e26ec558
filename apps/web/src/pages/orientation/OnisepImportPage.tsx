import type { OnisepImportJob, OnisepImportReport } from '@preau/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { orientationApi, orientationKeys } from '../../api/orientation-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { Card } from '../../components/Card.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { ImportStatusBadge } from '../admin/imports/ImportStatusBadge.tsx';
import { formatDateTime, formatNumber } from '../admin/imports/format.ts';
import { isImportRunning, OnisepBreadcrumb } from './OnisepImportsPage.tsx';
import '../admin/imports/imports.css';

/** /admin/onisep/:id: a catalogue import, followed every second while it runs, then its report and rejected rows. */
export function OnisepImportPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const job = useQuery({
    queryKey: orientationKeys.importJob(id),
    queryFn: () => orientationApi.importJob(id),
    refetchInterval: (query) => (isImportRunning(query.state.data) ? 1_000 : false),
    refetchIntervalInBackground: false,
  });
  if (job.isPending) return <Loading />;
  if (job.isError) {
    if (isApiError(job.error, 'NOT_FOUND', 'VALIDATION_FAILED', 'FORBIDDEN')) return <NotFoundPage />;
    return <QueryError error={job.error} onRetry={() => void job.refetch()} />;
  }
  const data = job.data;
  const title = t('orientation.admin.jobTitle', { date: formatDateTime(data.createdAt) });
  return (
    <>
      <PageHeader
        title={title}
        before={<OnisepBreadcrumb current={title} />}
        subtitle={
          <p>
            <ImportStatusBadge status={data.status} dryRun={false} />
          </p>
        }
        actions={
          <ButtonLink to="/admin/onisep" variant="secondary">
            {t('orientation.admin.newImport')}
          </ButtonLink>
        }
      />
      <div className="stack">
        {isImportRunning(data) ? <RunningCard job={data} /> : null}
        {data.status === 'FAILED' ? (
          <Alert tone="error" title={t('orientation.admin.failed')}>
            <p className="imports__file">{data.error}</p>
          </Alert>
        ) : null}
        {data.report ? <ReportCard report={data.report} /> : null}
        {data.report ? <RejectionsCard report={data.report} /> : null}
      </div>
    </>
  );
}

function RunningCard({ job }: { job: OnisepImportJob }) {
  const { t } = useTranslation();
  // The job reads file after file without knowing their length: the bar says what it reads, not a share.
  const text = job.progress ? t('orientation.admin.reading', { file: job.progress.file, rows: formatNumber(job.progress.rows) }) : t('orientation.admin.waiting');
  return (
    <Card title={t('orientation.admin.progressTitle')}>
      <p>
        <Spinner /> <strong>{t(job.status === 'QUEUED' ? 'orientation.admin.queued' : 'orientation.admin.running')}</strong>
      </p>
      <p>{text}</p>
    </Card>
  );
}

function ReportCard({ report }: { report: OnisepImportReport }) {
  const { t } = useTranslation();
  const written = report.files.reduce((n, f) => n + f.inserted + f.updated + f.withdrawn, 0);
  const failed = report.files.filter((f) => f.error !== null);
  return (
    <Card title={t('orientation.admin.reportTitle')}>
      <LiveRegion>
        <Alert tone={failed.length > 0 ? 'warning' : 'success'} title={t('orientation.admin.done')}>
          {written === 0 ? <p>{t('orientation.admin.nothingChanged')}</p> : null}
        </Alert>
      </LiveRegion>
      {failed.map((file) => (
        <Alert key={file.file} tone="error" title={file.file}>
          <p>{t('orientation.admin.fileFailed', { error: file.error })}</p>
        </Alert>
      ))}
      {report.files
        .filter((f) => f.withdrawalHeld)
        .map((file) => (
          <Alert key={`${file.file}-held`} tone="warning" title={file.file}>
            <p>{t('orientation.admin.withdrawalHeld')}</p>
          </Alert>
        ))}
      <DataTable
        label={t('orientation.admin.reportCaption')}
        caption={t('orientation.admin.reportCaption')}
        columns={[
          { label: t('orientation.admin.file') },
          { label: t('orientation.admin.dataset') },
          { label: t('orientation.admin.rows'), className: 'numeric' },
          { label: t('orientation.admin.inserted'), className: 'numeric' },
          { label: t('orientation.admin.updated'), className: 'numeric' },
          { label: t('orientation.admin.unchanged'), className: 'numeric' },
          { label: t('orientation.admin.rejected'), className: 'numeric' },
          { label: t('orientation.admin.withdrawn'), className: 'numeric' },
        ]}
      >
        {report.files.map((file) => (
          <tr key={file.file}>
            <th scope="row" className="imports__file">
              {file.file}
            </th>
            <td>{file.dataset ? t(`orientation.admin.datasets.${file.dataset}`) : t('orientation.admin.datasets.none')}</td>
            <td className="numeric">{formatNumber(file.rows)}</td>
            <td className="numeric">{formatNumber(file.inserted)}</td>
            <td className="numeric">{formatNumber(file.updated)}</td>
            <td className="numeric">{formatNumber(file.unchanged)}</td>
            <td className="numeric">{formatNumber(file.rejected)}</td>
            <td className="numeric">{formatNumber(file.withdrawn)}</td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}

function RejectionsCard({ report }: { report: OnisepImportReport }) {
  const { t } = useTranslation();
  const total = report.rejections.length + report.rejectionsNotListed;
  return (
    <Card title={t('orientation.admin.rejectionsTitle', { count: total })}>
      {total === 0 ? (
        <p>{t('orientation.admin.rejectionsNone')}</p>
      ) : (
        <>
          <DataTable
            label={t('orientation.admin.rejectionsCaption')}
            caption={t('orientation.admin.rejectionsCaption')}
            columns={[{ label: t('orientation.admin.file') }, { label: t('orientation.admin.line'), className: 'numeric' }, { label: t('orientation.admin.reason') }]}
          >
            {report.rejections.map((r, index) => (
              <tr key={`${r.file}-${r.line}-${index}`}>
                <td className="imports__file">{r.file}</td>
                <td className="numeric">{r.line}</td>
                <td className="imports__file">{r.reason}</td>
              </tr>
            ))}
          </DataTable>
          {report.rejectionsNotListed > 0 ? <p>{t('orientation.admin.notListed', { count: report.rejectionsNotListed })}</p> : null}
        </>
      )}
    </Card>
  );
}
