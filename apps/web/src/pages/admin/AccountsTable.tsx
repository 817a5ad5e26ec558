import type { AdminAccount } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/Badge.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { profileLabel } from '../../lib/labels.ts';
import { AccountRowActions } from './AccountRowActions.tsx';
import { AccountStatusBadge } from './AccountStatusBadge.tsx';
import { formatDate } from './imports/format.ts';
import './imports/imports.css';
import type { Notice } from './notice.ts';

interface AccountsTableProps {
  accounts: AdminAccount[];
  structureId: string;
  onEdit: (account: AdminAccount) => void;
  onRegenerate: (account: AdminAccount) => void;
  onAnnounce: (notice: Notice) => void;
}

/** The accounts as a table: login, name, profile, class, status, actions. */
export function AccountsTable({ accounts, structureId, onEdit, onRegenerate, onAnnounce }: AccountsTableProps) {
  const { t } = useTranslation();
  return (
    <DataTable
      label={t('admin.accountsCaption')}
      caption={t('admin.accountsCaption')}
      columns={[
        { label: t('admin.name') },
        { label: t('admin.login') },
        { label: t('admin.profile') },
        { label: t('admin.class') },
        { label: t('admin.status') },
        { label: t('admin.actions') },
      ]}
    >
      {accounts.map((account) => (
        <tr key={account.id}>
          <th scope="row">
            {account.lastName} {account.firstName}
          </th>
          <td className="mono">{account.login}</td>
          <td>{profileLabel(t, account.profile, account.staffFunction)}</td>
          <td>{account.className ?? '—'}</td>
          <td>
            <AccountStatusBadge status={account.status} />
            {account.leaving ? (
              <>
                {' '}
                <Badge tone="warning">{t('provisioning.leaving.badge')}</Badge>
                <span className="account-leaving">
                  {t('provisioning.leaving.dates', {
                    since: formatDate(account.leaving.since),
                    blocked: formatDate(account.leaving.blockedFrom),
                    purged: formatDate(account.leaving.purgedFrom),
                  })}
                </span>
              </>
            ) : null}
          </td>
          <td>
            <AccountRowActions
              account={account}
              structureId={structureId}
              onEdit={() => onEdit(account)}
              onRegenerate={() => onRegenerate(account)}
              onAnnounce={onAnnounce}
            />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
