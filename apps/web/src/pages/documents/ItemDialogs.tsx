import type { DirectoryGroup, DirectoryPerson, ShareRight, WorkspaceItem, WorkspaceView } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { directoryApi } from '../../api/directory-api.ts';
import { downloadFile } from '../../api/download.ts';
import { formatBytes, workspaceApi, workspaceKeys } from '../../api/workspace-api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FileField } from '../../components/FileField.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';

/** A destructive action, confirmed first (alertdialog). */
export function ConfirmDialog(props: { title: string; text: string; confirm: string; pending: boolean; error: unknown; onConfirm: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ModalDialog isOpen role="alertdialog" onOpenChange={(open) => (open ? undefined : props.onClose())} title={props.title}>
      <p>{props.text}</p>
      <LiveRegion politeness="assertive">
        <ErrorAlert error={props.error} />
      </LiveRegion>
      <div className="form__actions">
        <Button variant="danger" onPress={props.onConfirm} isPending={props.pending}>
          {props.confirm}
        </Button>
        <Button variant="secondary" onPress={props.onClose}>
          {t('common.cancel')}
        </Button>
      </div>
    </ModalDialog>
  );
}

/** Names a new folder. */
export function FolderDialog({ parentId, onClose, onDone }: { parentId: string | undefined; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => workspaceApi.createFolder(name, parentId),
    onSuccess: () => {
      onDone();
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate();
  };
  return (
    <ModalDialog isOpen onOpenChange={(open) => (open ? undefined : onClose())} title={t('documents.newFolder')}>
      <form onSubmit={submit} className="stack">
        <TextField label={t('documents.folderName')} value={name} onChange={setName} isRequired autoFocus maxLength={200} />
        <LiveRegion politeness="assertive">
          <ErrorAlert error={create.error} />
        </LiveRegion>
        <div className="form__actions">
          <Button type="submit" isPending={create.isPending}>
            {t('documents.create')}
          </Button>
          <Button variant="secondary" onPress={onClose}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}

type Mode = 'menu' | 'rename' | 'move' | 'share' | 'versions' | 'preview' | 'trash' | 'delete';

/** What one may do with an item, by the right the server sent with it. */
export function ItemActionsDialog(props: { item: WorkspaceItem; view: WorkspaceView; onClose: () => void; onChanged: () => void; onDownload: () => Promise<void> }) {
  const { item, view, onClose, onChanged } = props;
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('menu');
  const [error, setError] = useState<unknown>(null);
  const manage = item.myRight === 'owner' || item.myRight === 'manage';
  const contribute = manage || item.myRight === 'contribute';
  const act = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: () => {
      onChanged();
      onClose();
    },
  });
  const previewable = item.kind === 'file' && /^(image\/(png|jpeg|gif|webp|avif)|application\/pdf)$/.test(item.contentType ?? '');
  const title = mode === 'menu' ? item.name : t(`documents.modes.${mode}`, { name: item.name });
  const back = (
    <Button variant="secondary" onPress={() => setMode('menu')}>
      {t('documents.back')}
    </Button>
  );

  let body;
  if (mode === 'rename') body = <RenameForm item={item} pending={act.isPending} onSubmit={(name) => act.mutate(() => workspaceApi.update(item.id, { name }))} back={back} />;
  else if (mode === 'move') body = <MoveForm item={item} pending={act.isPending} onSubmit={(parentId) => act.mutate(() => workspaceApi.update(item.id, { parentId }))} back={back} />;
  else if (mode === 'share') body = <SharePanel item={item} back={back} onChanged={onChanged} />;
  else if (mode === 'versions') body = <VersionsPanel item={item} back={back} onChanged={onChanged} contribute={contribute} />;
  else if (mode === 'preview')
    body = (
      <div className="stack">
        {item.contentType === 'application/pdf' ? (
          <iframe className="documents-preview__pdf" src={`/api/v1/workspace/items/${item.id}/preview`} title={item.name} />
        ) : (
          <img className="documents-preview__image" src={`/api/v1/workspace/items/${item.id}/preview`} alt={item.name} />
        )}
        <div className="form__actions">{back}</div>
      </div>
    );
  else if (mode === 'trash' || mode === 'delete')
    body = (
      <div className="stack">
        <p>{t(mode === 'trash' ? 'documents.trashText' : 'documents.deleteText', { name: item.name })}</p>
        <div className="form__actions">
          <Button variant="danger" isPending={act.isPending} onPress={() => act.mutate(() => (mode === 'trash' ? workspaceApi.trash(item.id) : workspaceApi.deleteForever(item.id)))}>
            {t(mode === 'trash' ? 'documents.toTrash' : 'documents.deleteForever')}
          </Button>
          {back}
        </div>
      </div>
    );
  else
    body = (
      <ul className="documents-menu">
        {view === 'trash' ? (
          <>
            <li>
              <Button onPress={() => act.mutate(() => workspaceApi.restore(item.id))} isPending={act.isPending}>
                {t('documents.restore')}
              </Button>
            </li>
            <li>
              <Button variant="danger" onPress={() => setMode('delete')}>
                {t('documents.deleteForever')}
              </Button>
            </li>
          </>
        ) : (
          <>
            {previewable && item.scanStatus !== 'pending' ? (
              <li>
                <Button onPress={() => setMode('preview')}>{t('documents.open')}</Button>
              </li>
            ) : null}
            {item.scanStatus !== 'pending' ? (
              <li>
                <Button variant={previewable ? 'secondary' : 'primary'} onPress={() => props.onDownload().catch(setError)}>
                  {t(item.kind === 'folder' ? 'documents.downloadZip' : 'documents.download')}
                </Button>
              </li>
            ) : (
              <li>
                <p>{t('documents.scanPendingText')}</p>
              </li>
            )}
            {item.kind === 'file' ? (
              <li>
                <Button variant="secondary" onPress={() => setMode('versions')}>
                  {t('documents.versions')}
                </Button>
              </li>
            ) : null}
            {item.scanStatus !== 'pending' ? (
              <li>
                <Button variant="secondary" onPress={() => act.mutate(() => workspaceApi.copy(item.id))} isPending={act.isPending}>
                  {t('documents.copy')}
                </Button>
              </li>
            ) : null}
            {manage ? (
              <>
                <li>
                  <Button variant="secondary" onPress={() => setMode('share')}>
                    {t('documents.share')}
                  </Button>
                </li>
                <li>
                  <Button variant="secondary" onPress={() => setMode('rename')}>
                    {t('documents.rename')}
                  </Button>
                </li>
                {item.classId ? null : (
                  <li>
                    <Button variant="secondary" onPress={() => setMode('move')}>
                      {t('documents.move')}
                    </Button>
                  </li>
                )}
                <li>
                  <Button variant="danger" onPress={() => setMode('trash')}>
                    {t('documents.toTrash')}
                  </Button>
                </li>
              </>
            ) : null}
          </>
        )}
      </ul>
    );
  return (
    <ModalDialog isOpen role={mode === 'trash' || mode === 'delete' ? 'alertdialog' : 'dialog'} onOpenChange={(open) => (open ? undefined : onClose())} title={title}>
      {body}
      <LiveRegion politeness="assertive">
        <ErrorAlert error={error ?? act.error} />
      </LiveRegion>
      {mode === 'menu' ? (
        <div className="form__actions">
          <Button variant="ghost" onPress={onClose}>
            {t('common.close')}
          </Button>
        </div>
      ) : null}
    </ModalDialog>
  );
}

function RenameForm({ item, pending, onSubmit, back }: { item: WorkspaceItem; pending: boolean; onSubmit: (name: string) => void; back: ReactNode }) {
  const { t } = useTranslation();
  const [name, setName] = useState(item.name);
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim()) onSubmit(name);
      }}
    >
      <TextField label={t('documents.newName')} value={name} onChange={setName} isRequired autoFocus maxLength={200} />
      <div className="form__actions">
        <Button type="submit" isPending={pending}>
          {t('documents.rename')}
        </Button>
        {back}
      </div>
    </form>
  );
}

/** Moves to the top of "Mes documents" or into one of its folders (the first level). */
function MoveForm({ item, pending, onSubmit, back }: { item: WorkspaceItem; pending: boolean; onSubmit: (parentId: string | null) => void; back: ReactNode }) {
  const { t } = useTranslation();
  const folders = useQuery({ queryKey: workspaceKeys.list('mine'), queryFn: () => workspaceApi.list('mine') });
  const [target, setTarget] = useState('');
  if (folders.isPending) return <Loading />;
  const options = (folders.data?.items ?? []).filter((f) => f.kind === 'folder' && f.id !== item.id).map((f) => ({ value: f.id, label: f.name }));
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(target || null);
      }}
    >
      <SelectField label={t('documents.moveTo')} value={target} onChange={setTarget} options={[{ value: '', label: t('documents.views.mine') }, ...options]} />
      <div className="form__actions">
        <Button type="submit" isPending={pending}>
          {t('documents.move')}
        </Button>
        {back}
      </div>
    </form>
  );
}

/** Who the item is shared with, revoke, and a search of the annuaire to add someone, a class or a group. */
function SharePanel({ item, back, onChanged }: { item: WorkspaceItem; back: ReactNode; onChanged: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const shares = useQuery({ queryKey: workspaceKeys.shares(item.id), queryFn: () => workspaceApi.shares(item.id) });
  const [q, setQ] = useState('');
  const [right, setRight] = useState<ShareRight>('read');
  const debounced = useDebouncedValue(q.trim(), 300);
  const people = useQuery({ queryKey: ['workspace', 'people', debounced], queryFn: () => directoryApi.people({ q: debounced, limit: 8 }), enabled: debounced.length >= 2 });
  const groups = useQuery({ queryKey: ['workspace', 'groups', debounced], queryFn: () => directoryApi.groups({ q: debounced, limit: 8 }), enabled: debounced.length >= 2 });
  const [done, setDone] = useState('');
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: workspaceKeys.shares(item.id) });
    onChanged();
  };
  const add = useMutation({
    mutationFn: (target: { kind: 'account' | 'class' | 'group'; id: string; label: string }) => workspaceApi.share(item.id, { kind: target.kind, id: target.id }, right),
    onSuccess: (_data, target) => {
      setDone(t('documents.sharedWith', { name: target.label }));
      setQ('');
      changed();
    },
  });
  const revoke = useMutation({ mutationFn: (shareId: string) => workspaceApi.revoke(item.id, shareId), onSuccess: changed });
  const candidates: { kind: 'account' | 'class' | 'group'; id: string; label: string }[] = [
    ...(groups.data?.items ?? []).map((g: DirectoryGroup) => ({ kind: g.kind === 'CLASS' ? ('class' as const) : ('group' as const), id: g.id, label: `${g.name} (${g.structureName})` })),
    ...(people.data?.items ?? []).map((p: DirectoryPerson) => ({ kind: 'account' as const, id: p.id, label: p.displayName })),
  ];
  return (
    <div className="stack">
      <h3 className="documents-share__heading">{t('documents.sharedWithHeading')}</h3>
      {shares.isPending ? (
        <Loading />
      ) : shares.data?.items.length ? (
        <ul className="documents-share__list">
          {shares.data.items.map((share) => (
            <li key={share.id}>
              <span>
                {share.target.kind === 'profile' ? `${t(`profiles.${share.target.profile}`, { defaultValue: share.target.profile })} — ${share.label}` : share.label}
                {' · '}
                {t(`documents.rights.${share.right}`)}
              </span>
              <Button variant="secondary" size="small" onPress={() => revoke.mutate(share.id)} aria-label={t('documents.revokeFor', { name: share.label })}>
                {t('documents.revoke')}
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('documents.notShared')}</p>
      )}
      <SelectField
        label={t('documents.right')}
        value={right}
        onChange={(value) => setRight(value as ShareRight)}
        options={(['read', 'contribute', 'manage'] as const).map((r) => ({ value: r, label: `${t(`documents.rights.${r}`)} — ${t(`documents.rightHelp.${r}`)}` }))}
      />
      <TextField label={t('documents.shareSearch')} description={t('documents.shareSearchHelp')} value={q} onChange={setQ} />
      {candidates.length > 0 ? (
        <ul className="documents-share__list" aria-label={t('documents.shareResults')}>
          {candidates.map((c) => (
            <li key={`${c.kind}-${c.id}`}>
              <span>{c.label}</span>
              <Button size="small" onPress={() => add.mutate(c)} isPending={add.isPending && add.variables?.id === c.id} aria-label={t('documents.shareWith', { name: c.label })}>
                {t('documents.share')}
              </Button>
            </li>
          ))}
        </ul>
      ) : debounced.length >= 2 && !people.isPending && !groups.isPending ? (
        <p>{t('documents.noMatch')}</p>
      ) : null}
      <LiveRegion>{done ? <p>{done}</p> : null}</LiveRegion>
      <LiveRegion politeness="assertive">
        <ErrorAlert error={add.error ?? revoke.error} />
      </LiveRegion>
      <div className="form__actions">{back}</div>
    </div>
  );
}

/** The versions of a file: download any, make an earlier one current, add a new one. */
function VersionsPanel({ item, back, onChanged, contribute }: { item: WorkspaceItem; back: ReactNode; onChanged: () => void; contribute: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const versions = useQuery({ queryKey: workspaceKeys.versions(item.id), queryFn: () => workspaceApi.versions(item.id) });
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: workspaceKeys.versions(item.id) });
    onChanged();
  };
  const restore = useMutation({ mutationFn: (versionId: string) => workspaceApi.restoreVersion(item.id, versionId), onSuccess: changed });
  const replace = useMutation({ mutationFn: (file: File) => workspaceApi.replace(item.id, file), onSuccess: changed });
  const [error, setError] = useState<unknown>(null);
  return (
    <div className="stack">
      {versions.isPending ? (
        <Loading />
      ) : (
        <ol className="documents-share__list">
          {versions.data?.items.map((v) => (
            <li key={v.id}>
              <span>
                {t('documents.versionLine', { version: v.version, date: new Date(v.createdAt).toLocaleString(i18n.language), author: v.authorName, size: formatBytes(v.size, i18n.language) })}
                {v.current ? ` · ${t('documents.currentVersion')}` : ''}
              </span>
              <span className="documents-share__buttons">
                <Button variant="secondary" size="small" onPress={() => downloadFile(`/workspace/items/${item.id}/versions/${v.id}/content`, v.fileName).catch(setError)}>
                  {t('documents.download')}
                </Button>
                {contribute && !v.current ? (
                  <Button size="small" onPress={() => restore.mutate(v.id)} isPending={restore.isPending && restore.variables === v.id}>
                    {t('documents.restoreVersion')}
                  </Button>
                ) : null}
              </span>
            </li>
          ))}
        </ol>
      )}
      {contribute ? <FileField label={t('documents.newVersion')} appearance="button" onSelect={(files) => files[0] && replace.mutate(files[0])} /> : null}
      <LiveRegion>{replace.isSuccess ? <p>{t('documents.versionAdded')}</p> : null}</LiveRegion>
      <LiveRegion politeness="assertive">
        <ErrorAlert error={error ?? restore.error ?? replace.error} />
      </LiveRegion>
      <div className="form__actions">{back}</div>
    </div>
  );
}
