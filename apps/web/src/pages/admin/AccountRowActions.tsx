import type { AdminAccount } from '@preau/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/admin-api.ts';
import { Button } from '../../components/Button.tsx';
import { Icon } from '../../components/Icon.tsx';
import { errorText } from '../../lib/error-text.ts';
import { adminKeys } from './admin-queries.ts';
import type { Notice } from './notice.ts';

interface AccountRowActionsProps {
  account: AdminAccount;
  structureId: string;
  onEdit: () => void;
  onRegenerate: () => void;
  onAnnounce: (notice: Notice) => void;
}

/** Edit, block or unblock, new activation code: the buttons of one account's row. */
export function AccountRowActions({ account, structureId, onEdit, onRegenerate, onAnnounce }: AccountRowActionsProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const name = `${account.firstName} ${account.lastName}`;
  const blocked = account.status === 'BLOCKED';
  const toggle = useMutation({
    mutationFn: () => (blocked ? adminApi.unblockAccount(account.id) : adminApi.blockAccount(account.id)),
    onSuccess: (updated) => {
      onAnnounce({ tone: 'success', text: t(updated.status === 'BLOCKED' ? 'admin.blocked' : 'admin.unblocked', { name }) });
      void queryClient.invalidateQueries({ queryKey: adminKeys.accounts(structureId) });
      void queryClient.invalidateQueries({ queryKey: adminKeys.structure(structureId) });
    },
    onError: (error) => onAnnounce({ tone: 'error', text: errorText(error, t) }),
  });
  return (
    <div className="row-actions">
      <Button variant="secondary" size="small" onPress={onEdit}>
        <Icon name="edit" />
        {t('admin.edit')}
        <span className="visually-hidden"> {name}</span>
      </Button>
      <Button variant="secondary" size="small" onPress={() => toggle.mutate()} isPending={toggle.isPending}>
        <Icon name={blocked ? 'unlock' : 'lock'} />
        {t(blocked ? 'admin.unblock' : 'admin.block')}
        <span className="visually-hidden"> {name}</span>
      </Button>
      <Button variant="secondary" size="small" onPress={onRegenerate}>
        <Icon name="key" />
        {t('admin.newCode')}
        <span className="visually-hidden"> {name}</span>
      </Button>
    </div>
  );
}
