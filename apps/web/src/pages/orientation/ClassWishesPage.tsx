import { type OrientationStep, orientationSteps } from '@preau/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import { orientationApi } from '../../api/orientation-api.ts';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { Breadcrumb } from './Breadcrumb.tsx';
import './orientation.css';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** /orientation/classes/:id — the professeur principal's table of the class's wishes, and its CSV and PDF exports. */
export function ClassWishesPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const step: OrientationStep = params.get('etape') === 'FIN_SECONDE' ? 'FIN_SECONDE' : 'TERMINALE';
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  const table = useQuery({ queryKey: ['orientation', 'class', id, step], queryFn: () => orientationApi.classWishes(id, step), enabled: valid });
  const [exportError, setExportError] = useState<unknown>(null);
  if (!valid || (table.isError && isApiError(table.error, 'NOT_FOUND', 'FORBIDDEN'))) return <NotFoundPage />;
  if (table.isPending) return <Loading />;
  if (table.isError) return <QueryError error={table.error} onRetry={() => void table.refetch()} />;
  const data = table.data;
  const title = t('orientation.classWishesTitle', { name: data.className });
  const exportAs = async (format: 'csv' | 'pdf') => {
    setExportError(null);
    try {
      await downloadFile(`/orientation/classes/${id}/wishes.${format}?step=${step}`, `voeux.${format}`);
    } catch (error) {
      setExportError(error);
    }
  };
  return (
    <>
      <PageHeader
        title={title}
        before={<Breadcrumb current={title} />}
        actions={
          <>
            <Button variant="secondary" onPress={() => void exportAs('pdf')}>
              {t('orientation.exportPdf')}
            </Button>
            <Button variant="secondary" onPress={() => void exportAs('csv')}>
              {t('orientation.exportCsv')}
            </Button>
          </>
        }
      />
      <div className="stack">
        <div className="card">
          <SelectField
            label={t('orientation.step')}
            value={step}
            onChange={(value) => setParams(value === 'FIN_SECONDE' ? { etape: value } : {}, { replace: true })}
            options={orientationSteps.map((s) => ({ value: s, label: t(`orientation.steps.${s}`) }))}
          />
        </div>
        <LiveRegion>
          <ErrorAlert error={exportError} />
        </LiveRegion>
        <DataTable
          label={t('orientation.wishesTable')}
          caption={`${title} — ${t(`orientation.steps.${step}`)}`}
          columns={[
            { label: t('orientation.student') },
            { label: t('orientation.wishes') },
            { label: t('orientation.comments') },
          ]}
        >
          {data.students.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <Link to={`/orientation/projet/${s.id}`}>
                  {s.lastName} {s.firstName}
                </Link>
              </th>
              <td>
                {s.wishes.length === 0 ? (
                  t('orientation.noWish')
                ) : (
                  <ol>
                    {s.wishes.map((w) => (
                      <li key={w.rank}>{w.label}</li>
                    ))}
                  </ol>
                )}
              </td>
              <td>{t('orientation.commentCount', { count: s.commentCount })}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </>
  );
}
