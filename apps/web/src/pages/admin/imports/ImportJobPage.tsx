import { importActions, importEntityTypes, type ImportJobDetail, type ImportRejection, type ImportReport } from '@preau/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../../api/client.ts';
import { provisioningApi } from '../../../api/provisioning-api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Button } from '../../../components/Button.tsx';
import { ButtonLink } from '../../../components/ButtonLink.tsx';
import { Card } from '../../../components/Card.tsx';
import { LiveRegion } from '../../../components/LiveRegion.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { QueryError } from '../../../components/QueryError.tsx';
import { DataTable } from '../../../components/DataTable.tsx';
import { TableContainer } from '../../../components/TableContainer.tsx';
import { NotFoundPage } from '../../NotFoundPage.tsx';
import { ImportsBreadcrumb } from './ImportsBreadcrumb.tsx';
import { ImportStatusBadge } from './ImportStatusBadge.tsx';
import { ProgressBar } from './ProgressBar.tsx';
import { formatDateTime, formatNumber } from './format.ts';
import './imports.css';
import { isRunning, useImportJob } from './import-queries.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';

/** /admin/imports/:id: the progress of an import (polled every second while it runs), then its report. */
export function ImportJobPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const job = useImportJob(id);
  if (job.isPending) return <Loading />;
  if (job.isError) {
    if (isApiError(job.error, 'NOT_FOUND', 'VALIDATION_FAILED', 'FORBIDDEN')) return <NotFoundPage />;
    return <QueryError error={job.error} onRetry={() => void job.refetch()} />;
  }
  const data = job.data;
  const title = t('provisioning.job.title', { date: formatDateTime(data.createdAt) });
  return (
    <>
      <PageHeader
        title={title}
        before={<ImportsBreadcrumb current={title} />}
        subtitle={
          <p>
            <span className="imports__file">{data.fileName ?? '—'}</span> · <ImportStatusBadge status={data.status} dryRun={data.dryRun} />
          </p>
        }
        actions={
          <ButtonLink to="/admin/imports" variant="secondary">
            {t('provisioning.job.newImport')}
          </ButtonLink>
        }
      />
      <div className="stack">
        <ProgressCard job={data} />
        {data.status === 'FAILED' ? (
          <Alert tone="error" title={t('provisioning.job.failed')}>
            <p className="imports__file">{data.error}</p>
          </Alert>
        ) : null}
        {data.report ? <ReportCards job={data} report={data.report} /> : null}
      </div>
    </>
  );
}

function ProgressCard({ job }: { job: ImportJobDetail }) {
  const { t } = useTranslation();
  const files = job.progress?.files ?? job.report?.files ?? [];
  const finished = !isRunning(job);
  const doneFiles = files.filter((f) => f.status === 'DONE' || f.status === 'FAILED').length;
  const records = files.reduce((sum, f) => sum + f.records, 0);
  // Files, then the departures step; 100 % once the job has ended.
  const steps = files.length + 1;
  const value = finished ? 100 : files.length === 0 ? 0 : Math.min(99, Math.round((100 * (doneFiles + (job.progress?.phase === 'DONE' ? 1 : 0))) / steps));
  const phase = finished ? 'FINISHED' : (job.progress?.phase ?? 'WAITING');
  const valueText = t('provisioning.progress.valueText', { done: doneFiles, total: files.length, records: formatNumber(records), percent: value });
  return (
    <Card title={t('provisioning.progress.title')}>
      <ProgressBar label={t(`provisioning.progress.phase.${phase}`)} percent={value} text={valueText} />
      {files.length > 0 ? (
        <TableContainer label={t('provisioning.progress.files')}>
          <table className="table">
            <caption className="visually-hidden">{t('provisioning.progress.files')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('provisioning.report.file')}</th>
                <th scope="col">{t('provisioning.report.type')}</th>
                <th scope="col" className="numeric">
                  {t('provisioning.progress.recordsRead')}
                </th>
                <th scope="col">{t('provisioning.history.status')}</th>
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr key={file.name}>
                  <th scope="row" className="imports__file">
                    {file.name}
                  </th>
                  <td>{job.kind === 'csv' ? t(`provisioning.csvProfiles.${file.type}`, { defaultValue: file.type }) : file.type}</td>
                  <td className="numeric">{formatNumber(file.records)}</td>
                  <td>{t(`provisioning.fileStatus.${file.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableContainer>
      ) : null}
    </Card>
  );
}

function ReportCards({ job, report }: { job: ImportJobDetail; report: ImportReport }) {
  const { t } = useTranslation();
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      await provisioningApi.downloadReport(job.id, job.kind);
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(false);
    }
  };
  const failedFiles = report.files.filter((f) => f.status === 'FAILED');
  return (
    <>
      <Card title={t('provisioning.report.title')}>
        <LiveRegion>
          {job.status === 'SUCCEEDED' ? (
            <Alert tone={failedFiles.length > 0 ? 'warning' : 'success'} title={t(report.dryRun ? 'provisioning.report.doneDryRun' : 'provisioning.report.done')}>
              {report.unchanged ? <p>{t('provisioning.report.unchanged')}</p> : null}
            </Alert>
          ) : null}
        </LiveRegion>
        <p>
          {t(job.kind === 'csv' ? 'provisioning.report.factsCsv' : 'provisioning.report.facts', {
            academy: report.academy,
            uai: report.academy.replace(/^CSV-/, ''),
            year: `${report.schoolYear}-${report.schoolYear + 1}`,
            blocked: formatNumber(report.lifecycle.blocked),
            purged: formatNumber(report.lifecycle.purged),
          })}
        </p>
        {report.departuresSkipped.length > 0 ? (
          <Alert tone="warning">
            <p>{t('provisioning.report.departuresSkipped', { types: report.departuresSkipped.map((type) => t(`provisioning.types.${type}`)).join(', ') })}</p>
          </Alert>
        ) : null}
        {failedFiles.map((file) => (
          <Alert key={file.name} tone="error" title={file.name}>
            <p>
              {t('provisioning.report.fileFailed', { line: file.errorLine ?? '?', error: file.error ?? '' })}{' '}
              {file.appliedBeforeError ? t(`provisioning.report.applied.${file.appliedBeforeError}`) : null}
            </p>
          </Alert>
        ))}
        <TableContainer label={t('provisioning.report.summary')}>
          <table className="table">
            <caption>{t('provisioning.report.summary')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('provisioning.report.type')}</th>
                {importActions.map((action) => (
                  <th scope="col" key={action} className="numeric">
                    {t(`provisioning.actions.${action}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {importEntityTypes.map((type) => (
                <tr key={type}>
                  <th scope="row">{t(`provisioning.types.${type}`)}</th>
                  {importActions.map((action) => (
                    <td key={action} className="numeric">
                      {formatNumber(report.counts[type]?.[action] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableContainer>
        {report.ignored.length > 0 ? (
          <p>{t('provisioning.report.ignored', { count: report.ignored.length, names: report.ignored.slice(0, 5).join(', ') })}</p>
        ) : null}
        <div className="imports__actions">
          <Button variant="secondary" onPress={() => void download()} isPending={downloading}>
            {t('provisioning.report.download')}
          </Button>
        </div>
        <LiveRegion>
          <ErrorAlert error={downloadError} />
        </LiveRegion>
      </Card>
      <RejectionsCard job={job} report={report} />
    </>
  );
}

function RejectionsCard({ job, report }: { job: ImportJobDetail; report: ImportReport }) {
  const { t } = useTranslation();
  const [more, setMore] = useState<ImportRejection[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const shown = [...report.rejections, ...more];
  const listed = job.rejectionsTotal - report.rejectionsNotListed;
  const loadMore = async () => {
    setLoading(true);
    setError(null);
    try {
      const page = await provisioningApi.rejections(job.id, shown.length);
      setMore((current) => [...current, ...page.items]);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  };
  return (
    <Card title={t('provisioning.rejections.title', { count: job.rejectionsTotal })}>
      {job.rejectionsTotal === 0 ? (
        <p>{t('provisioning.rejections.none')}</p>
      ) : (
        <>
          <p>{t('provisioning.rejections.shown', { shown: formatNumber(shown.length), total: formatNumber(job.rejectionsTotal) })}</p>
          <DataTable
            label={t('provisioning.rejections.caption')}
            caption={t('provisioning.rejections.caption')}
            columns={[
              { label: t('provisioning.report.file') },
              { label: t('provisioning.rejections.line'), className: 'numeric' },
              { label: t('provisioning.rejections.jointure') },
              { label: t('provisioning.rejections.reason') },
            ]}
          >
            {shown.map((r, index) => (
              <tr key={`${r.file}-${r.line}-${index}`}>
                <td className="imports__file">{r.file}</td>
                <td className="numeric">{r.line}</td>
                <td className="imports__file">{r.jointure || '—'}</td>
                <td>
                  {t(`provisioning.reasons.${r.reason}`, { defaultValue: r.reason })}
                  {r.detail ? <span className="imports__file"> ({r.detail})</span> : null}
                </td>
              </tr>
            ))}
          </DataTable>
          {shown.length < listed ? (
            <div className="imports__actions">
              <Button variant="secondary" onPress={() => void loadMore()} isPending={loading}>
                {t('provisioning.rejections.more')}
              </Button>
            </div>
          ) : null}
          {report.rejectionsNotListed > 0 ? <p>{t('provisioning.rejections.notListed', { count: report.rejectionsNotListed })}</p> : null}
          <LiveRegion>
            <ErrorAlert error={error} />
          </LiveRegion>
        </>
      )}
    </Card>
  );
}
