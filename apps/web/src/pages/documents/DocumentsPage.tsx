import type { WorkspaceItem, WorkspaceView } from '@preau/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { downloadFile } from '../../api/download.ts';
import { formatBytes, workspaceApi, workspaceKeys } from '../../api/workspace-api.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FileField } from '../../components/FileField.tsx';
import { Icon } from '../../components/Icon.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { errorText } from '../../lib/error-text.ts';
import { ConfirmDialog, FolderDialog, ItemActionsDialog } from './ItemDialogs.tsx';
import { ClassFoldersCard } from './ClassFoldersCard.tsx';
import './documents.css';

const views: WorkspaceView[] = ['mine', 'shared', 'trash'];
const viewParam: Record<WorkspaceView, string> = { mine: '', shared: 'partages', trash: 'corbeille' };

interface UploadRow {
  key: string;
  name: string;
  sent: number;
  total: number;
  error?: string;
  done?: boolean;
}

/** /documents — "Mes documents": folders and files, what others share, the trash; uploads with progress. */
export function DocumentsPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const view: WorkspaceView = params.get('vue') === 'partages' ? 'shared' : params.get('vue') === 'corbeille' ? 'trash' : 'mine';
  const parentId = params.get('dossier') ?? undefined;
  const list = useInfiniteQuery({
    queryKey: workspaceKeys.list(view, parentId),
    queryFn: ({ pageParam }) => workspaceApi.list(view, parentId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const quota = useQuery({ queryKey: workspaceKeys.quota, queryFn: workspaceApi.quota });
  const [uploads, setUploads] = useState<UploadRow[]>([]);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<WorkspaceItem | null>(null);
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [notice, setNotice] = useState('');
  const refresh = () => void queryClient.invalidateQueries({ queryKey: workspaceKeys.all });
  const emptyTrash = useMutation({ mutationFn: workspaceApi.emptyTrash, onSuccess: () => { setConfirmEmpty(false); refresh(); } });

  const first = list.data?.pages[0];
  const folder = first?.folder ?? null;
  const canAdd = view === 'mine' ? !folder || folder.myRight !== 'read' : Boolean(folder && folder.myRight !== 'read');
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  const go = (next: { view?: WorkspaceView; folder?: string | undefined }) => {
    const v = next.view ?? view;
    const search: Record<string, string> = {};
    if (viewParam[v]) search.vue = viewParam[v];
    if (next.folder) search.dossier = next.folder;
    setParams(search);
  };

  // Several files at once, one request each, so each has its own progress bar and its own refusal (quota, virus).
  const sendFiles = async (files: File[]) => {
    const rows = files.map((file, index) => ({ key: `${Date.now()}-${index}-${file.name}`, name: file.name, sent: 0, total: file.size }));
    setUploads((current) => [...rows, ...current.filter((row) => !row.done)]);
    let stored = 0;
    for (const [index, file] of files.entries()) {
      const key = rows[index]!.key;
      const update = (change: Partial<UploadRow>) => setUploads((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));
      try {
        await workspaceApi.upload(file, folder?.id ?? parentId, (sent, total) => update({ sent, total }));
        update({ done: true, sent: file.size });
        stored += 1;
      } catch (error) {
        update({ error: errorText(error, t) });
      }
    }
    setNotice(t('documents.uploaded', { count: stored }));
    refresh();
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0 && canAdd) void sendFiles(files);
  };

  const title = folder ? folder.name : t(`documents.views.${view}`);
  const used = quota.data?.usedBytes ?? 0;
  const total = quota.data?.quotaBytes ?? 0;
  return (
    <>
      <PageHeader
        title={title}
        documentTitle={`${title} — ${t('apps.documents.name')}`}
        before={
          <nav aria-label={t('documents.path')} className="documents-path">
            <ol>
              <li>{folder ? <Link to={view === 'mine' ? '/documents' : `/documents?vue=${viewParam[view]}`}>{t(`documents.views.${view}`)}</Link> : t(`documents.views.${view}`)}</li>
              {first?.path.map((step) => (
                <li key={step.id}>
                  <Link to={`/documents?${new URLSearchParams({ ...(viewParam[view] ? { vue: viewParam[view] } : {}), dossier: step.id })}`}>{step.name}</Link>
                </li>
              ))}
            </ol>
          </nav>
        }
      />
      <div className="documents">
        <div className="documents__main stack">
          {canAdd && view !== 'trash' ? (
            <div
              className={`documents-drop card${dragging ? ' is-dragging' : ''}`}
              onDragOver={(event) => {
                event.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
            >
              <p className="documents-drop__hint">{t('documents.dropHint')}</p>
              <div className="documents-drop__actions">
                <FileField label={t('documents.choose')} multiple appearance="button" onSelect={(files) => void sendFiles(files)} />
                <Button variant="secondary" onPress={() => setCreating(true)}>
                  <Icon name="plus" />
                  {t('documents.newFolder')}
                </Button>
              </div>
              {uploads.length > 0 ? (
                <ul className="documents-uploads" aria-label={t('documents.uploads')}>
                  {uploads.map((row) => (
                    <li key={row.key}>
                      <span className="documents-uploads__name">{row.name}</span>
                      {row.error ? (
                        <span className="documents-uploads__error">{row.error}</span>
                      ) : (
                        <progress max={row.total || 1} value={row.done ? row.total || 1 : row.sent} aria-label={t('documents.progress', { name: row.name })} />
                      )}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          <LiveRegion>{notice ? <p className="visually-hidden">{notice}</p> : null}</LiveRegion>
          {view === 'trash' && items.length > 0 ? (
            <div className="documents-trash-bar">
              <p>{t('documents.trashHint')}</p>
              <Button variant="danger" onPress={() => setConfirmEmpty(true)}>
                {t('documents.emptyTrash')}
              </Button>
            </div>
          ) : null}
          {list.isPending ? (
            <Loading />
          ) : list.isError ? (
            <QueryError error={list.error} onRetry={() => void list.refetch()} />
          ) : items.length === 0 ? (
            <EmptyState icon="folder">{t(folder ? 'documents.emptyFolder' : `documents.empty.${view}`)}</EmptyState>
          ) : (
            <ul className="documents-list" aria-label={title}>
              {items.map((item) => (
                <li key={item.id} className="documents-list__item">
                  {item.hasThumbnail && view !== 'trash' ? (
                    // Decorative: the name beside it says what the picture is.
                    <img className="documents-list__thumbnail" src={`/api/v1/workspace/items/${item.id}/thumbnail`} alt="" loading="lazy" width={48} height={48} />
                  ) : (
                    <Icon name={item.kind === 'folder' ? 'folder' : 'file'} className="documents-list__icon" />
                  )}
                  <div className="documents-list__body">
                    {item.kind === 'folder' && view !== 'trash' ? (
                      <Link to={`/documents?${new URLSearchParams({ ...(viewParam[view] ? { vue: viewParam[view] } : {}), dossier: item.id })}`} className="documents-list__name">
                        {item.name}
                      </Link>
                    ) : (
                      <span className="documents-list__name">{item.name}</span>
                    )}
                    <span className="documents-list__meta">
                      {item.size !== null ? formatBytes(item.size, i18n.language) : t('documents.folder')}
                      {view !== 'mine' || item.myRight !== 'owner' ? ` · ${item.ownerName}` : ''}
                      {item.classId ? ` · ${t('documents.classFolder')}` : ''}
                    </span>
                    <span className="documents-list__badges">
                      {item.shared ? <Badge tone="info">{t('documents.sharedBadge')}</Badge> : null}
                      {item.scanStatus === 'pending' ? <Badge tone="warning">{t('documents.scanPending')}</Badge> : null}
                      {item.myRight !== 'owner' ? <Badge tone="neutral">{t(`documents.rights.${item.myRight}`)}</Badge> : null}
                    </span>
                  </div>
                  <Button variant="secondary" size="small" onPress={() => setSelected(item)} aria-label={t('documents.actionsFor', { name: item.name })}>
                    {t('documents.actions')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
          {list.hasNextPage ? (
            <Button variant="secondary" onPress={() => void list.fetchNextPage()} isPending={list.isFetchingNextPage}>
              {t('documents.more')}
            </Button>
          ) : null}
        </div>
        <aside className="documents__side stack" aria-label={t('documents.spaces')}>
          <nav aria-label={t('documents.spaces')} className="card documents-views">
            <ul>
              {views.map((v) => (
                <li key={v}>
                  <Link to={v === 'mine' ? '/documents' : `/documents?vue=${viewParam[v]}`} aria-current={v === view && !parentId ? 'page' : undefined}>
                    {t(`documents.views.${v}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <ClassFoldersCard onCreated={refresh} />
          {quota.data ? (
            <div className="card documents-quota">
              <p id="documents-quota-label" className="documents-quota__label">
                {t('documents.quota', { used: formatBytes(used, i18n.language), total: formatBytes(total, i18n.language) })}
              </p>
              <meter min={0} max={total || 1} value={used} high={(total || 1) * 0.8} optimum={0} aria-labelledby="documents-quota-label" />
              {quota.data.antivirus === 'disabled' ? <p className="documents-quota__note">{t('documents.antivirusDisabled')}</p> : null}
            </div>
          ) : null}
        </aside>
      </div>
      {creating ? <FolderDialog parentId={folder?.id} onClose={() => setCreating(false)} onDone={refresh} /> : null}
      {selected ? (
        <ItemActionsDialog
          item={selected}
          view={view}
          onClose={() => setSelected(null)}
          onChanged={refresh}
          onDownload={async () => {
            if (selected.kind === 'folder') await downloadFile(`/workspace/items/${selected.id}/archive`, `${selected.name}.zip`);
            else await downloadFile(`/workspace/items/${selected.id}/content`, selected.name);
          }}
        />
      ) : null}
      {confirmEmpty ? (
        <ConfirmDialog
          title={t('documents.emptyTrashTitle')}
          text={t('documents.emptyTrashText')}
          confirm={t('documents.emptyTrash')}
          pending={emptyTrash.isPending}
          error={emptyTrash.error}
          onConfirm={() => emptyTrash.mutate()}
          onClose={() => setConfirmEmpty(false)}
        />
      ) : null}
    </>
  );
}
