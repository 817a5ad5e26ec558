import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { ShowMoreButton } from '../../components/ShowMoreButton.tsx';
import { TableContainer } from '../../components/TableContainer.tsx';
import { useStructures } from './admin-queries.ts';

/** The structures I administer, each a link to its page. */
export function StructuresCard() {
  const { t } = useTranslation();
  const query = useStructures();
  const structures = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card title={t('admin.structures')}>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : structures.length === 0 ? (
        <EmptyState icon="building">
          <p>{t('admin.noStructure')}</p>
        </EmptyState>
      ) : (
        <TableContainer label={t('admin.structuresCaption')}>
          <table className="table">
            <caption className="visually-hidden">{t('admin.structuresCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.structureName')}</th>
                <th scope="col">{t('admin.uai')}</th>
                <th scope="col">{t('admin.type')}</th>
                <th scope="col">{t('admin.city')}</th>
                <th scope="col" className="num">
                  {t('admin.accountCount')}
                </th>
                <th scope="col" className="num">
                  {t('admin.pendingCount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {structures.map((structure) => (
                <tr key={structure.id}>
                  <th scope="row">
                    <Link to={`/admin/etablissements/${structure.id}`}>{structure.name}</Link>
                  </th>
                  <td className="mono">{structure.uai}</td>
                  <td>{t(`structureTypes.${structure.type}`)}</td>
                  <td>{structure.city ?? '—'}</td>
                  <td className="num">{structure.accountCount}</td>
                  <td className="num">{structure.pendingActivationCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableContainer>
      )}
      <ShowMoreButton
        hasMore={query.hasNextPage}
        isLoading={query.isFetchingNextPage}
        onPress={() => void query.fetchNextPage()}
      />
    </Card>
  );
}
