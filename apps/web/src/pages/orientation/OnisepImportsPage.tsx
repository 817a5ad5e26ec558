import type { OnisepImportJob } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { orientationApi, orientationKeys } from '../../api/orientation-api.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FileField } from '../../components/FileField.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useCurrentUser } from '../../session/current-user.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { ImportStatusBadge } from '../admin/imports/ImportStatusBadge.tsx';
import { ProgressBar } from '../admin/imports/ProgressBar.tsx';
import { formatBytes, formatDateTime, formatNumber } from '../admin/imports/format.ts';
import '../admin/imports/imports.css';

const ACCEPTED = /\.(csv|json|xml)$/i;
/** As many files as the server takes in one upload. */
const MAX_FILES = 8;

/** Whether a catalogue import is still to run or running (its page and the history follow it). */
export function isImportRunning(job: { status: OnisepImportJob['status'] } | undefined): boolean {
  return job?.status === 'QUEUED' || job?.status === 'RUNNING';
}

/** Administration › Catalogue Onisep (› the import). */
export function OnisepBreadcrumb({ current }: { current?: string }) {
  const { t } = useTranslation();
  const admin = { to: '/admin', label: t('admin.title') };
  return current ? (
    <Breadcrumb label={t('admin.breadcrumb')} trail={[admin, { to: '/admin/onisep', label: t('orientation.admin.title') }]} current={current} />
  ) : (
    <Breadcrumb label={t('admin.breadcrumb')} trail={[admin]} current={t('orientation.admin.title')} />
  );
}

/** /admin/onisep (ADMC): upload the Onisep open-data files, and the history of the catalogue's imports. */
export function OnisepImportsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  if (!me.adminRoles.some((role) => role.role === 'ADMC')) return <NotFoundPage />;
  return (
    <>
      <PageHeader title={t('orientation.admin.title')} before={<OnisepBreadcrumb />} subtitle={<p>{t('orientation.admin.subtitle')}</p>} />
      <div className="stack">
        <UploadCard />
        <HistoryCard />
      </div>
    </>
  );
}

function UploadCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState('');
  const [sent, setSent] = useState<{ loaded: number; total: number } | null>(null);
  const upload = useMutation({
    mutationFn: (files: File[]) => {
      setSent({ loaded: 0, total: files.reduce((sum, f) => sum + f.size, 0) });
      return orientationApi.uploadImport(files, (loaded, total) => setSent({ loaded, total }));
    },
    onSettled: () => setSent(null),
    onSuccess: ({ id }) => {
      void client.invalidateQueries({ queryKey: orientationKeys.imports });
      void navigate(`/admin/onisep/${id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const files = Array.from(fileInput.current?.files ?? []);
    const problem =
      files.length === 0
        ? t('orientation.admin.fileRequired')
        : files.some((f) => !ACCEPTED.test(f.name))
          ? t('apiErrors.ONISEP_NO_FILES')
          : files.length > MAX_FILES
            ? t('orientation.admin.tooMany', { max: MAX_FILES })
            : '';
    setFileError(problem);
    if (problem) {
      fileInput.current?.focus();
      return;
    }
    upload.mutate(files);
  };
  const percent = sent && sent.total > 0 ? Math.min(100, Math.round((100 * sent.loaded) / sent.total)) : 0;
  return (
    <Card title={t('orientation.admin.uploadTitle')} description={<p>{t('orientation.admin.uploadHelp')}</p>}>
      <form className="form" onSubmit={submit} noValidate>
        <FileField
          label={t('orientation.admin.files')}
          description={t('orientation.admin.filesHelp', { max: MAX_FILES })}
          accept=".csv,.json,.xml,text/csv,application/json,text/xml"
          multiple
          inputRef={fileInput}
          error={fileError || undefined}
        />
        <div className="form__actions">
          <Button type="submit" isPending={upload.isPending}>
            {t('orientation.admin.submit')}
          </Button>
        </div>
      </form>
      {sent ? (
        <ProgressBar
          label={t('orientation.admin.sending')}
          percent={percent}
          text={t('orientation.admin.sent', { sent: formatBytes(sent.loaded), total: formatBytes(sent.total), percent })}
        />
      ) : null}
      <LiveRegion>
        <ErrorAlert error={upload.isError ? upload.error : null} />
      </LiveRegion>
    </Card>
  );
}

function HistoryCard() {
  const { t } = useTranslation();
  const jobs = useQuery({
    queryKey: orientationKeys.imports,
    queryFn: orientationApi.imports,
    refetchInterval: (query) => (query.state.data?.items.some(isImportRunning) ? 2_000 : false),
  });
  return (
    <Card title={t('orientation.admin.historyTitle')} description={<p>{t('orientation.admin.historyHelp')}</p>}>
      {jobs.isPending ? (
        <Loading />
      ) : jobs.isError ? (
        <QueryError error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : jobs.data.items.length === 0 ? (
        <EmptyState icon="info">
          <p>{t('orientation.admin.historyEmpty')}</p>
        </EmptyState>
      ) : (
        <DataTable
          label={t('orientation.admin.historyCaption')}
          caption={t('orientation.admin.historyCaption')}
          columns={[
            { label: t('orientation.admin.date') },
            { label: t('orientation.admin.status') },
            { label: t('orientation.admin.rows'), className: 'numeric' },
            { label: t('orientation.admin.written'), className: 'numeric' },
            { label: t('orientation.admin.rejected'), className: 'numeric' },
            { label: t('orientation.admin.withdrawn'), className: 'numeric' },
          ]}
        >
          {jobs.data.items.map((job) => (
            <tr key={job.id}>
              <th scope="row">
                <Link to={`/admin/onisep/${job.id}`}>{formatDateTime(job.createdAt)}</Link>
              </th>
              <td>
                <ImportStatusBadge status={job.status} dryRun={false} />
              </td>
              <td className="numeric">{formatNumber(job.rows)}</td>
              <td className="numeric">{formatNumber(job.written)}</td>
              <td className="numeric">{formatNumber(job.rejected)}</td>
              <td className="numeric">{formatNumber(job.withdrawn)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
