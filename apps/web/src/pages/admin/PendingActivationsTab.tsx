import type { Structure } from '@preau/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { ShowMoreButton } from '../../components/ShowMoreButton.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { profileLabel } from '../../lib/labels.ts';
import { ActivationCard } from './ActivationCard.tsx';
import { useClasses, usePendingActivations } from './admin-queries.ts';
import { adminOptions } from './admin-options.ts';

/** The accounts not activated yet, with their codes: on screen as a table, on paper as cards. */
export function PendingActivationsTab({ structure }: { structure: Structure }) {
  const { t } = useTranslation();
  const [classId, setClassId] = useState('');
  const classes = useClasses(structure.id);
  const query = usePendingActivations(structure.id, classId || undefined);
  const pending = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <Card title={t('admin.pending')} description={<p>{t('admin.pendingHelp')}</p>} className="no-print">
        <div className="toolbar">
          <SelectField
            label={t('admin.class')}
            value={classId}
            onChange={setClassId}
            options={adminOptions.classes(classes.data)}
            emptyOption={t('admin.allClasses')}
          />
          <Button variant="primary" onPress={() => window.print()} isDisabled={pending.length === 0}>
            <Icon name="printer" />
            {t('admin.print')}
          </Button>
        </div>
        {query.isPending ? (
          <Loading />
        ) : query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : pending.length === 0 ? (
          <EmptyState icon="check">
            <p>{t('admin.noPending')}</p>
          </EmptyState>
        ) : (
          <>
            <p className="result-count">
              {t(query.hasNextPage ? 'admin.pendingCountMore' : 'admin.pendingCount', { count: pending.length })}
            </p>
            <DataTable
              label={t('admin.pendingCaption')}
              caption={t('admin.pendingCaption')}
              columns={[
                { label: t('admin.name') },
                { label: t('admin.login') },
                { label: t('admin.profile') },
                { label: t('admin.class') },
                { label: t('admin.activationCode') },
              ]}
            >
              {pending.map((account) => (
                <tr key={account.id}>
                  <th scope="row">
                    {account.lastName} {account.firstName}
                  </th>
                  <td className="mono">{account.login}</td>
                  <td>{profileLabel(t, account.profile)}</td>
                  <td>{account.className ?? '—'}</td>
                  <td className="mono">{account.activationCode}</td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
        <ShowMoreButton
          hasMore={query.hasNextPage}
          isLoading={query.isFetchingNextPage}
          onPress={() => void query.fetchNextPage()}
        />
      </Card>
      <div className="print-only activation-cards">
        {pending.map((account) => (
          <ActivationCard key={account.id} account={account} structureName={structure.name} />
        ))}
      </div>
    </>
  );
}
