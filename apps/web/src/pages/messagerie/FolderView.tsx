import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MessageSummary } from '@preau/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Badge } from '../../components/Badge.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { ShowMoreButton } from '../../components/ShowMoreButton.tsx';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { BulkActions, bulkActionsOf, type BulkAction } from './BulkActions.tsx';
import { formatDate } from './format.ts';
import { messagingApi } from './messaging-api.ts';
import { messagingKeys, useMessageList } from './messaging-queries.ts';

/** /messagerie[?dossier=…][&q=…]: a folder, or the results of a search in one's messages. */
export function FolderView() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const folder = params.get('dossier') ?? 'INBOX';
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const typed = useDebouncedValue(text.trim(), 300);
  const queryClient = useQueryClient();

  useEffect(() => {
    if (typed === q) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (typed) next.set('q', typed);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [typed, q, setParams]);

  const notice = useNotice();
  const list = useMessageList(folder, q);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const actions = bulkActionsOf(folder, Boolean(q));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const selectAll = useRef<HTMLInputElement>(null);
  // Another folder or another search: nothing stays ticked out of sight.
  useEffect(() => setSelected(new Set()), [folder, q]);
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const bulk = useMutation({
    mutationFn: ({ action, ids }: { action: BulkAction; ids: string[] }) =>
      messagingApi.update({
        ids,
        ...(action === 'read' ? { isRead: true } : action === 'unread' ? { isRead: false } : action === 'delete' ? { moveTo: 'TRASH' } : { restore: true as const }),
      }),
    onSuccess: async (_data, { action, ids }) => {
      setSelected(new Set());
      notice.show({ kind: action === 'delete' ? 'deleted' : action === 'restore' ? 'restored' : action, ids });
      selectAll.current?.focus();
      await queryClient.invalidateQueries({ queryKey: messagingKeys.all });
    },
  });
  const emptyTrash = useMutation({
    mutationFn: () => messagingApi.deleteForever(items.map((item) => item.id).slice(0, 100)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagingKeys.all }),
  });
  const title = q ? t('messagerie.searchResults', { q }) : folderTitle(t, folder, params.get('nom'));

  return (
    <section className="card" aria-labelledby="messagerie-list-title">
      <LiveRegion>
        {notice.text ? (
          <Alert tone="success">
            <span className="notice-with-action">
              {notice.text}
              {notice.undo ? (
                <Button variant="secondary" size="small" onPress={notice.undo} isPending={notice.undoing}>
                  {t('messagerie.undoDelete')}
                </Button>
              ) : null}
            </span>
          </Alert>
        ) : null}
      </LiveRegion>
      <form role="search" aria-label={t('messagerie.searchLandmark')} onSubmit={(event) => event.preventDefault()}>
        <SearchInput label={t('messagerie.search')} value={text} onChange={setText} description={t('messagerie.searchHelp')} />
      </form>
      <div className="messagerie__list-head">
        <h2 id="messagerie-list-title" className="card__title">
          {title}
        </h2>
        {folder === 'TRASH' && !q && items.length > 0 ? (
          <Button variant="danger" size="small" onPress={() => emptyTrash.mutate()} isPending={emptyTrash.isPending}>
            {t('messagerie.emptyTrash')}
          </Button>
        ) : null}
      </div>
      <LiveRegion>{list.isSuccess ? <p className="visually-hidden">{t('messagerie.count', { count: items.length })}</p> : null}</LiveRegion>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && items.length === 0 ? (
        <EmptyState icon="info">
          <p>{q ? t('messagerie.noResult') : t('messagerie.emptyFolder')}</p>
        </EmptyState>
      ) : null}
      <BulkActions
        actions={actions}
        listed={items.map((item) => item.id)}
        selected={selected}
        onSelectAll={(all) => setSelected(new Set(all ? items.map((item) => item.id) : []))}
        // The server takes a hundred ids at a time: more than that are rarely ticked by hand.
        onAction={(action) => bulk.mutate({ action, ids: items.map((item) => item.id).filter((id) => selected.has(id)).slice(0, 100) })}
        pending={bulk.isPending ? bulk.variables.action : null}
        selectAllRef={selectAll}
      />
      {bulk.isError ? <QueryError error={bulk.error} /> : null}
      {items.length > 0 ? (
        <ul className="message-list">
          {items.map((item) => (
            <MessageRow
              key={item.id}
              item={item}
              folder={folder}
              locale={i18n.language}
              selectable={actions.length > 0}
              isSelected={selected.has(item.id)}
              onSelect={(on) => toggle(item.id, on)}
            />
          ))}
        </ul>
      ) : null}
      <ShowMoreButton hasMore={Boolean(list.hasNextPage)} isLoading={list.isFetchingNextPage} onPress={() => void list.fetchNextPage()} />
    </section>
  );
}

function folderTitle(t: (key: string) => string, folder: string, name: string | null): string {
  if (['INBOX', 'SENT', 'DRAFTS', 'TRASH'].includes(folder)) return t(`messagerie.folders.${folder}`);
  return name ?? t('messagerie.userFolder');
}

interface MessageRowProps {
  item: MessageSummary;
  folder: string;
  locale: string;
  selectable: boolean;
  isSelected: boolean;
  onSelect: (on: boolean) => void;
}

function MessageRow({ item, folder, locale, selectable, isSelected, onSelect }: MessageRowProps) {
  const { t } = useTranslation();
  const own = folder === 'SENT' || folder === 'DRAFTS';
  const who = own ? item.toLabels.join(', ') || t('messagerie.noRecipient') : item.from.displayName;
  const to = folder === 'DRAFTS' ? `/messagerie/nouveau?brouillon=${item.id}` : `/messagerie/messages/${item.id}`;
  return (
    <li className={['message-row', item.isRead ? '' : 'is-unread', isSelected ? 'is-selected' : ''].filter(Boolean).join(' ')}>
      {selectable ? (
        // A label around the box: a finger-sized target on a phone, outside the row's link.
        <label className="message-row__select">
          <input
            type="checkbox"
            checked={isSelected}
            onChange={(event) => onSelect(event.target.checked)}
            aria-label={t('messagerie.bulk.select', { subject: item.subject || t('messagerie.noSubject'), who })}
          />
        </label>
      ) : null}
      <Link to={to} className="message-row__link">
        <span className="message-row__who">
          {item.isRead ? null : <span className="message-row__dot" aria-hidden="true" />}
          {own ? <span className="visually-hidden">{t('messagerie.toPrefix')} </span> : null}
          {who}
        </span>
        <span className="message-row__subject">
          {item.isRead ? null : <span className="visually-hidden">{t('messagerie.unread')}, </span>}
          {item.subject || t('messagerie.noSubject')}
        </span>
        <span className="message-row__preview">{item.preview}</span>
        <span className="message-row__meta">
          {item.isFlagged ? <Badge tone="warning">{t('messagerie.flagged')}</Badge> : null}
          {item.hasAttachments ? <span className="message-row__clip">{t('messagerie.withAttachments')}</span> : null}
          <time dateTime={item.date}>{formatDate(item.date, locale)}</time>
        </span>
      </Link>
    </li>
  );
}

/** A confirmation above the list, and the messages it is about (the undo of a deletion puts them back). */
interface Notice {
  kind: 'sent' | 'deleted' | 'restored' | 'read' | 'unread';
  ids: string[];
}

function noticeText(t: (key: string, options?: Record<string, unknown>) => string, { kind, ids }: Notice): string {
  if (kind === 'sent') return t('messagerie.sentNotice');
  // One message: the sentences the open message has always used; several: counted.
  if (ids.length <= 1 && kind === 'deleted') return t('messagerie.deletedNotice');
  if (ids.length <= 1 && kind === 'restored') return t('messagerie.restoredNotice');
  return t(`messagerie.bulk.${kind}Notice`, { count: ids.length });
}

/**
 * The confirmation the editor or the open message leaves when it comes back
 * to the list ("Message envoyé", "placé dans la corbeille" with Annuler).
 * Read once from the history entry, then cleared so a reload does not repeat it.
 */
function useNotice() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const state = (location.state ?? null) as { notice?: 'sent' | 'deleted'; messageId?: string } | null;
  const [notice, setNotice] = useState<Notice | null>(null);
  useEffect(() => {
    if (!state?.notice) return;
    setNotice({ kind: state.notice, ids: state.messageId ? [state.messageId] : [] });
    void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
  }, [state?.notice, state?.messageId, navigate, location.pathname, location.search]);
  const restore = useMutation({
    mutationFn: (ids: string[]) => messagingApi.update({ ids, restore: true }),
    onSuccess: async (_data, ids) => {
      setNotice({ kind: 'restored', ids });
      await queryClient.invalidateQueries({ queryKey: messagingKeys.all });
    },
  });
  const text = notice ? noticeText(t, notice) : '';
  const ids = notice?.kind === 'deleted' && notice.ids.length > 0 ? notice.ids : undefined;
  return { text, undo: ids ? () => restore.mutate(ids) : undefined, undoing: restore.isPending, show: setNotice };
}
