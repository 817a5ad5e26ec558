import type { CourseImportReport } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { timetableApi } from '../../api/timetable-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { CheckboxField } from '../../components/CheckboxField.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { FileField } from '../../components/FileField.tsx';
import { timetableKeys } from './timetable-queries.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** Staff import a CSV of courses (all or nothing) and read the report of rejected lines. */
export function ImportCard({ structures }: { structures: Array<{ id: string; name: string }> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [structureId, setStructureId] = useState(structures[0]?.id ?? '');
  const [replace, setReplace] = useState(false);
  const [fileError, setFileError] = useState('');
  const run = useMutation({
    mutationFn: async (file: File) => timetableApi.importCsv(structureId, await file.text(), replace),
    onSuccess: (report) => {
      if (report.applied) void queryClient.invalidateQueries({ queryKey: timetableKeys.all });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) {
      setFileError(t('timetable.import.fileRequired'));
      fileInput.current?.focus();
      return;
    }
    setFileError('');
    run.mutate(file);
  };
  const report: CourseImportReport | undefined = run.data;
  return (
    <Card title={t('timetable.import.title')} description={<p>{t('timetable.import.help')}</p>}>
      <form className="form" onSubmit={submit} noValidate>
        {structures.length > 1 ? (
          <SelectField
            label={t('timetable.import.structure')}
            value={structureId}
            onChange={setStructureId}
            options={structures.map((s) => ({ value: s.id, label: s.name }))}
          />
        ) : null}
        <FileField label={t('timetable.import.file')} accept=".csv,text/csv" inputRef={fileInput} error={fileError || undefined} />
        <CheckboxField label={t('timetable.import.replace')} checked={replace} onChange={setReplace} />
        <div className="form__actions">
          <Button type="submit" isPending={run.isPending}>
            {t('timetable.import.submit')}
          </Button>
        </div>
      </form>
      <LiveRegion>
        <ErrorAlert error={run.error} />
        {report?.applied ? <Alert tone="success" title={t('timetable.import.applied', { count: report.imported })} /> : null}
        {report && !report.applied ? (
          <Alert tone="error" title={t('timetable.import.rejectedTitle', { count: report.rejected.length })}>
            <p>{t('timetable.import.nothingImported')}</p>
          </Alert>
        ) : null}
      </LiveRegion>
      {report && report.rejected.length > 0 ? (
        <DataTable
          label={t('timetable.import.tableLabel')}
          caption={t('timetable.import.caption')}
          columns={[
            { label: t('timetable.import.line') },
            { label: t('timetable.import.reason') },
            { label: t('timetable.import.code') },
          ]}
        >
          {report.rejected.map((r, index) => (
            <tr key={`${r.line}-${index}`}>
              <th scope="row">{r.line}</th>
              <td>{r.reason}</td>
              <td className="mono">{r.code}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </Card>
  );
}
