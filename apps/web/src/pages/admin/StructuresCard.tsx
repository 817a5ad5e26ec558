import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { ShowMoreButton } from '../../components/ShowMoreButton.tsx';
import { DataTable } from '../../components/DataTable.tsx';
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
        <DataTable
          label={t('admin.structuresCaption')}
          caption={t('admin.structuresCaption')}
          columns={[
            { label: t('admin.structureName') },
            { label: t('admin.uai') },
            { label: t('admin.type') },
            { label: t('admin.city') },
            { label: t('admin.accountCount'), className: 'num' },
            { label: t('admin.pendingCount'), className: 'num' },
          ]}
        >
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
        </DataTable>
      )}
      <ShowMoreButton
        hasMore={query.hasNextPage}
        isLoading={query.isFetchingNextPage}
        onPress={() => void query.fetchNextPage()}
      />
    </Card>
  );
}
