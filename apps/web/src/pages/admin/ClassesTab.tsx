import { useTranslation } from 'react-i18next';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { DataTable } from '../../components/DataTable.tsx';
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
          <DataTable
            label={t('admin.classesCaption')}
            caption={t('admin.classesCaption')}
            columns={[
              { label: t('admin.classCode') },
              { label: t('admin.className') },
              { label: t('admin.classLevel') },
              { label: t('admin.studentCount'), className: 'num' },
              { label: t('admin.classPrincipals') },
              { label: t('letters.column') },
            ]}
          >
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
          </DataTable>
        )}
      </Card>
      <CreateClassCard structureId={structureId} />
    </div>
  );
}
