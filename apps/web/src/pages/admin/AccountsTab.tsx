import type { AdminAccount } from '@preau/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { ShowMoreButton } from '../../components/ShowMoreButton.tsx';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { AccountFiltersForm, toAccountFilters, type AccountFilterValues } from './AccountFiltersForm.tsx';
import { AccountsTable } from './AccountsTable.tsx';
import { useAccounts } from './admin-queries.ts';
import { EditAccountDialog } from './EditAccountDialog.tsx';
import type { Notice } from './notice.ts';
import { RegenerateCodeDialog } from './RegenerateCodeDialog.tsx';

const noFilter: AccountFilterValues = { q: '', profile: '', status: '', classId: '', leaving: '' };

/** The accounts of a structure: filters, table, and the edit / new-code dialogs. */
export function AccountsTab({ structureId }: { structureId: string }) {
  const { t } = useTranslation();
  const [values, setValues] = useState(noFilter);
  const q = useDebouncedValue(values.q.trim(), 300);
  const query = useAccounts(structureId, toAccountFilters(values, q));
  const [editing, setEditing] = useState<AdminAccount | null>(null);
  const [regenerating, setRegenerating] = useState<AdminAccount | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const accounts = query.data?.pages.flatMap((page) => page.items) ?? [];
  const countKey = query.hasNextPage ? 'admin.accountCountMore' : 'admin.accountCountShown';

  return (
    <div className="stack">
      <Card title={t('admin.accounts')}>
        <AccountFiltersForm structureId={structureId} values={values} onChange={setValues} />
        <LiveRegion className="result-count-region">
          {query.isSuccess && !query.isPlaceholderData ? (
            <p className="result-count">{t(countKey, { count: accounts.length })}</p>
          ) : null}
        </LiveRegion>
        <LiveRegion>
          {notice ? (
            <Alert tone={notice.tone}>
              <p>{notice.text}</p>
            </Alert>
          ) : null}
        </LiveRegion>
        {query.isPending ? (
          <Loading />
        ) : query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : accounts.length === 0 ? (
          <EmptyState icon="users">
            <p>{t('admin.noAccount')}</p>
          </EmptyState>
        ) : (
          <AccountsTable
            accounts={accounts}
            onEdit={setEditing}
            onRegenerate={setRegenerating}
            onAnnounce={setNotice}
            structureId={structureId}
          />
        )}
        <ShowMoreButton
          hasMore={query.hasNextPage}
          isLoading={query.isFetchingNextPage}
          onPress={() => void query.fetchNextPage()}
        />
      </Card>
      {editing ? (
        <EditAccountDialog
          account={editing}
          structureId={structureId}
          onClose={() => setEditing(null)}
          onSaved={(account) =>
            setNotice({ tone: 'success', text: t('admin.accountSaved', { name: `${account.firstName} ${account.lastName}` }) })
          }
        />
      ) : null}
      {regenerating ? (
        <RegenerateCodeDialog account={regenerating} structureId={structureId} onClose={() => setRegenerating(null)} />
      ) : null}
    </div>
  );
}
