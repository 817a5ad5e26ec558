import { useTranslation } from 'react-i18next';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { TableContainer } from '../../components/TableContainer.tsx';
import { ActivationLettersButton } from './ActivationLettersButton.tsx';
import { useClasses } from './admin-queries.ts';
import { CreateClassCard } from './CreateClassCard.tsx';

/** The classes of the current school year, and the form to add one. */
export function ClassesTab({ structureId }: { structureId: string }) {
  const { t } = useTranslation();
  const query = useClasses(structureId);
  return (
    <div className="stack">
      <Card title={t('admin.classes')}>
        {query.isPending ? (
          <Loading />
        ) : query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.length === 0 ? (
          <EmptyState>
            <p>{t('admin.noClass')}</p>
          </EmptyState>
        ) : (
          <TableContainer label={t('admin.classesCaption')}>
            <table className="table">
              <caption className="visually-hidden">{t('admin.classesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.classCode')}</th>
                  <th scope="col">{t('admin.className')}</th>
                  <th scope="col">{t('admin.classLevel')}</th>
                  <th scope="col" className="num">
                    {t('admin.studentCount')}
                  </th>
                  <th scope="col">{t('admin.classPrincipals')}</th>
                  <th scope="col">{t('letters.column')}</th>
                </tr>
              </thead>
              <tbody>
                {query.data.map((schoolClass) => (
                  <tr key={schoolClass.id}>
                    <td className="mono">{schoolClass.code}</td>
                    <th scope="row">{schoolClass.name}</th>
                    <td>{t(`classLevels.${schoolClass.level}`)}</td>
                    <td className="num">{schoolClass.studentCount}</td>
                    <td>{schoolClass.principals.length > 0 ? schoolClass.principals.join(', ') : (
                        <>
                          <span aria-hidden="true">—</span>
                          <span className="visually-hidden">{t('admin.noPrincipal')}</span>
                        </>
                      )}</td>
                    <td>
                      <ActivationLettersButton classId={schoolClass.id} className={schoolClass.name} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableContainer>
        )}
      </Card>
      <CreateClassCard structureId={structureId} />
    </div>
  );
}
