import type { ImportStarted, Structure } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { UploadProgress } from '../../../api/client.ts';
import { provisioningApi } from '../../../api/provisioning-api.ts';
import { Button } from '../../../components/Button.tsx';
import { Card } from '../../../components/Card.tsx';
import { CheckboxField } from '../../../components/CheckboxField.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { LiveRegion } from '../../../components/LiveRegion.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { QueryError } from '../../../components/QueryError.tsx';
import { DataTable } from '../../../components/DataTable.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { FileField } from '../../../components/FileField.tsx';
import { useCurrentUser } from '../../../session/current-user.ts';
import { ConfirmRealImport } from './ConfirmRealImport.tsx';
import { NotFoundPage } from '../../NotFoundPage.tsx';
import { ImportsBreadcrumb } from './ImportsBreadcrumb.tsx';
import { ImportStatusBadge } from './ImportStatusBadge.tsx';
import { ProgressBar } from './ProgressBar.tsx';
import { StructurePicker } from './StructurePicker.tsx';
import { formatBytes, formatDateTime, formatNumber } from './format.ts';
import './imports.css';
import { provisioningKeys, useImportJobs } from './import-queries.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';

const ACCEPTED = /\.(zip|tar\.gz|tgz|xml)$/i;
const CSV = /\.csv$/i;
/** As many CSV files as the server takes in one upload. */
const CSV_MAX_FILES = 8;

/** /admin/imports (ADMC): upload an AAF archive or the CSV files of a structure, and the history of recent imports. */
export function ImportsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  if (!me.adminRoles.some((role) => role.role === 'ADMC')) return <NotFoundPage />;
  return (
    <>
      <PageHeader title={t('provisioning.title')} before={<ImportsBreadcrumb />} subtitle={<p>{t('provisioning.subtitle')}</p>} />
      <div className="stack">
        <UploadCard />
        <CsvUploadCard />
        <HistoryCard />
      </div>
    </>
  );
}

function UploadCard() {
  const { t } = useTranslation();
  const fileInput = useRef<HTMLInputElement>(null);
  // A simulation first, by default: a complet file can make thousands of accounts leave.
  const [dryRun, setDryRun] = useState(true);
  const [confirming, setConfirming] = useState<File | null>(null);
  const [academy, setAcademy] = useState('');
  const [fileError, setFileError] = useState('');
  const { upload, sent } = useImportUpload(
    (file: File) => [file],
    (file, onProgress) => provisioningApi.upload(file, { dryRun, academy: academy.trim() || undefined }, onProgress),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    const problem = !file ? t('provisioning.upload.fileRequired') : !ACCEPTED.test(file.name) ? t('apiErrors.AAF_UPLOAD_TYPE') : '';
    setFileError(problem);
    if (problem || !file) {
      fileInput.current?.focus();
      return;
    }
    if (dryRun) upload.mutate(file);
    else setConfirming(file);
  };
  return (
    <Card title={t('provisioning.upload.title')} description={<p>{t('provisioning.upload.help')}</p>}>
      <form className="form" onSubmit={submit} noValidate>
        <FileField
          label={t('provisioning.upload.file')}
          description={t('provisioning.upload.fileHelp')}
          accept=".zip,.tar.gz,.tgz,.xml,application/zip,application/gzip,text/xml"
          inputRef={fileInput}
          error={fileError || undefined}
        />
        <TextField
          label={t('provisioning.upload.academy')}
          description={t('provisioning.upload.academyHelp')}
          value={academy}
          onChange={setAcademy}
          autoCapitalize="characters"
        />
        <CheckboxField label={t('provisioning.upload.dryRun')} checked={dryRun} onChange={setDryRun} />
        <div className="form__actions">
          <Button type="submit" isPending={upload.isPending}>
            {dryRun ? t('provisioning.upload.simulate') : t('provisioning.upload.submit')}
          </Button>
        </div>
      </form>
      <UploadStatus sent={upload.isPending ? sent : undefined} error={upload.isError ? upload.error : null} />
      <ConfirmRealImport
        fileNames={confirming ? [confirming.name] : undefined}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming) upload.mutate(confirming);
          setConfirming(null);
        }}
      />
    </Card>
  );
}

/** The CSV files of one structure (one per profile, or several), imported by the same job as `preau import csv`. */
function CsvUploadCard() {
  const { t } = useTranslation();
  const fileInput = useRef<HTMLInputElement>(null);
  const structureInput = useRef<HTMLInputElement>(null);
  const [structure, setStructure] = useState<Structure | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [confirming, setConfirming] = useState<{ files: File[]; uai: string } | null>(null);
  const [fileError, setFileError] = useState('');
  const [structureError, setStructureError] = useState('');
  const { upload, sent } = useImportUpload(({ files }: { files: File[]; uai: string }) => files, ({ files, uai }, onProgress) =>
    provisioningApi.uploadCsv(files, { structure: uai, dryRun }, onProgress),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const files = Array.from(fileInput.current?.files ?? []);
    const structureProblem = structure ? '' : t('provisioning.csvUpload.structureRequired');
    const problem =
      files.length === 0
        ? t('provisioning.csvUpload.fileRequired')
        : files.some((f) => !CSV.test(f.name))
          ? t('apiErrors.CSV_UPLOAD_TYPE')
          : files.length > CSV_MAX_FILES
            ? t('apiErrors.CSV_UPLOAD_TOO_MANY')
            : '';
    setFileError(problem);
    setStructureError(structureProblem);
    if (problem) fileInput.current?.focus();
    else if (structureProblem) structureInput.current?.focus();
    if (problem || !structure) return;
    if (dryRun) upload.mutate({ files, uai: structure.uai });
    else setConfirming({ files, uai: structure.uai });
  };
  return (
    <Card title={t('provisioning.csvUpload.title')} description={<p>{t('provisioning.csvUpload.help')}</p>}>
      <form className="form" onSubmit={submit} noValidate>
        <FileField
          label={t('provisioning.csvUpload.file')}
          description={t('provisioning.csvUpload.fileHelp')}
          accept=".csv,text/csv"
          multiple
          inputRef={fileInput}
          error={fileError || undefined}
        />
        <StructurePicker
          label={t('provisioning.csvUpload.structure')}
          description={t('provisioning.csvUpload.structureHelp')}
          value={structure}
          onChange={(chosen) => {
            setStructure(chosen);
            if (chosen) setStructureError('');
          }}
          error={structureError || undefined}
          inputRef={structureInput}
        />
        <CheckboxField label={t('provisioning.csvUpload.dryRun')} checked={dryRun} onChange={setDryRun} />
        <div className="form__actions">
          <Button type="submit" isPending={upload.isPending}>
            {dryRun ? t('provisioning.upload.simulate') : t('provisioning.csvUpload.submit')}
          </Button>
        </div>
      </form>
      <UploadStatus sent={upload.isPending ? sent : undefined} error={upload.isError ? upload.error : null} />
      <ConfirmRealImport
        fileNames={confirming ? confirming.files.map((f) => f.name) : undefined}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming) upload.mutate(confirming);
          setConfirming(null);
        }}
      />
    </Card>
  );
}

/**
 * Starts an import by sending its `files` (`send`), keeps how much has gone for
 * the progress bar, and opens the import's page once the server has it.
 */
function useImportUpload<V>(files: (value: V) => File[], send: (value: V, onProgress: UploadProgress) => Promise<ImportStarted>) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [sent, setSent] = useState<{ loaded: number; total: number } | null>(null);
  const upload = useMutation({
    mutationFn: (value: V) => {
      setSent({ loaded: 0, total: files(value).reduce((sum, file) => sum + file.size, 0) });
      return send(value, (loaded, total) => setSent({ loaded, total }));
    },
    onSettled: () => setSent(null),
    onSuccess: ({ id }) => {
      void queryClient.invalidateQueries({ queryKey: provisioningKeys.jobs() });
      void navigate(`/admin/imports/${id}`);
    },
  });
  return { upload, sent };
}

/** While files are sent, how much has gone; if the server refused them, why (announced to screen readers). */
function UploadStatus({ sent, error }: { sent: { loaded: number; total: number } | undefined | null; error: unknown }) {
  const { t } = useTranslation();
  return (
    <>
      {sent ? <SendingBar loaded={sent.loaded} total={sent.total} /> : null}
      <LiveRegion>
        <ErrorAlert error={error} />
      </LiveRegion>
    </>
  );
}

/** The bytes of the archive sent so far (the import's own progress follows on its page). */
function SendingBar({ loaded, total }: { loaded: number; total: number }) {
  const { t } = useTranslation();
  const percent = total > 0 ? Math.min(100, Math.round((100 * loaded) / total)) : 0;
  const text = t('provisioning.upload.sent', { sent: formatBytes(loaded), total: formatBytes(total), percent });
  return <ProgressBar label={t('provisioning.upload.sending')} percent={percent} text={text} />;
}

function HistoryCard() {
  const { t } = useTranslation();
  const jobs = useImportJobs();
  return (
    <Card title={t('provisioning.history.title')}>
      {jobs.isPending ? (
        <Loading />
      ) : jobs.isError ? (
        <QueryError error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : jobs.data.items.length === 0 ? (
        <EmptyState icon="info">
          <p>{t('provisioning.history.empty')}</p>
        </EmptyState>
      ) : (
        <DataTable
          label={t('provisioning.history.caption')}
          caption={t('provisioning.history.caption')}
          columns={[
            { label: t('provisioning.history.date') },
            { label: t('provisioning.history.file') },
            { label: t('provisioning.history.status') },
            { label: t('provisioning.history.records'), className: 'numeric' },
            { label: t('provisioning.history.rejected'), className: 'numeric' },
          ]}
        >
          {jobs.data.items.map((job) => (
            <tr key={job.id}>
              <th scope="row">
                <Link to={`/admin/imports/${job.id}`}>{formatDateTime(job.createdAt)}</Link>
              </th>
              <td className="imports__file">{job.fileName ?? '—'}</td>
              <td>
                <ImportStatusBadge status={job.status} dryRun={job.dryRun} />
              </td>
              <td className="numeric">{formatNumber(job.records)}</td>
              <td className="numeric">{formatNumber(job.rejected)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
