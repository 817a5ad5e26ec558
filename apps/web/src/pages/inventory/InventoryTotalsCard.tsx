import { equipmentKinds, equipmentStatuses } from '@preau/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { inventoryApi } from '../../api/inventory-api.ts';
import { Card } from '../../components/Card.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';

/** The ADMC's région-wide view of the equipment: totals by type, and one row per structure by status. */
export function InventoryTotalsCard({ collectiviteId, name }: { collectiviteId: string; name: string }) {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['inventory', 'totals', collectiviteId], queryFn: () => inventoryApi.totals(collectiviteId) });
  return (
    <Card title={t('inventory.totals.title', { name })}>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.totals.total === 0 ? (
        <EmptyState>
          <p>{t('inventory.totals.empty')}</p>
        </EmptyState>
      ) : (
        <>
          <p>
            {t('inventory.totals.summary', { count: query.data.totals.total })}{' '}
            {equipmentKinds
              .filter((kind) => (query.data.totals.byKind[kind] ?? 0) > 0)
              .map((kind) => `${t(`inventory.kinds.${kind}`)} : ${query.data.totals.byKind[kind]}`)
              .join(' · ')}
          </p>
          <DataTable
            label={t('inventory.totals.caption')}
            caption={t('inventory.totals.caption')}
            columns={[{ label: t('inventory.totals.structure') }, { label: t('inventory.totals.total') }, ...equipmentStatuses.map((status) => ({ label: t(`inventory.statuses.${status}`) }))]}
          >
            {query.data.structures.map((row) => (
              <tr key={row.id}>
                <th scope="row">
                  {row.name} <span className="mono">({row.uai})</span>
                </th>
                <td>{row.total}</td>
                {equipmentStatuses.map((status) => (
                  <td key={status}>{row.byStatus[status] ?? 0}</td>
                ))}
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </Card>
  );
}
