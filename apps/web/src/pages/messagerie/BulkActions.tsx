import type { RefObject } from 'react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button.tsx';

/** What may be done to several messages at once. */
export type BulkAction = 'read' | 'unread' | 'delete' | 'restore';

/** The actions a folder offers on a selection: drafts none (they are opened one by one), the trash restores. */
export function bulkActionsOf(folder: string, isSearch: boolean): BulkAction[] {
  if (isSearch) return ['read', 'unread', 'delete'];
  if (folder === 'DRAFTS') return [];
  if (folder === 'TRASH') return ['restore'];
  if (folder === 'SENT') return ['delete'];
  return ['read', 'unread', 'delete'];
}

interface BulkActionsProps {
  actions: BulkAction[];
  /** Ids of the messages listed, and of those ticked among them. */
  listed: string[];
  selected: ReadonlySet<string>;
  onSelectAll: (all: boolean) => void;
  onAction: (action: BulkAction) => void;
  pending: BulkAction | null;
  /** Where the focus goes once an action has emptied the selection (the buttons then leave). */
  selectAllRef: RefObject<HTMLInputElement | null>;
}

/**
 * The bar above the message list: "Tout sélectionner", how many are ticked,
 * and the actions on them. The actions appear once a message is ticked, so a
 * phone shows one line until then.
 */
export function BulkActions({ actions, listed, selected, onSelectAll, onAction, pending, selectAllRef }: BulkActionsProps) {
  const { t } = useTranslation();
  const count = listed.filter((id) => selected.has(id)).length;
  const all = count > 0 && count === listed.length;
  const ref = selectAllRef;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = count > 0 && !all;
  }, [ref, count, all]);
  if (actions.length === 0 || listed.length === 0) return null;
  return (
    <div className="bulk-bar" role="group" aria-label={t('messagerie.bulk.label')}>
      <label className="bulk-bar__all">
        <input ref={ref} type="checkbox" checked={all} onChange={(event) => onSelectAll(event.target.checked)} />
        {t('messagerie.bulk.selectAll')}
      </label>
      {count > 0 ? (
        <>
          <span className="bulk-bar__count" aria-live="polite">
            {t('messagerie.bulk.count', { count })}
          </span>
          <span className="bulk-bar__actions">
            {actions.map((action) => (
              <Button
                key={action}
                variant={action === 'delete' ? 'danger' : 'secondary'}
                size="small"
                isPending={pending === action}
                onPress={() => onAction(action)}
              >
                {t(`messagerie.bulk.${action}`)}
              </Button>
            ))}
          </span>
        </>
      ) : null}
    </div>
  );
}
