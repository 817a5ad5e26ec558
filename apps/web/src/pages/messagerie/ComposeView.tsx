import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Attachment, MessageDetail, MessageDraftInput, NamedTarget } from '@preau/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { directoryApi } from '../../api/directory-api.ts';
import { isApiError } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { RichTextEditor } from '../../components/RichTextEditor.tsx';
import { TextField } from '../../components/TextField.tsx';
import { FileField } from '../../components/FileField.tsx';
import { errorText } from '../../lib/error-text.ts';
import { useCurrentUser } from '../../session/current-user.ts';
import { setLoginNotice } from '../../session/login-notice.ts';
import { endSession, meKey } from '../../session/session.ts';
import { dropRescue, findRescue, keepRescue, markRescueExpired, type RescuedDraft } from './draft-rescue.ts';
import { escapeHtml, formatSize, openingBody } from './format.ts';
import { messagingApi } from './messaging-api.ts';
import { RecipientField } from './RecipientField.tsx';
import { messagingKeys } from './messaging-queries.ts';

type Mode = 'NEW' | 'REPLY' | 'REPLY_ALL' | 'FORWARD';

interface Initial {
  to: NamedTarget[];
  cc: NamedTarget[];
  bcc: NamedTarget[];
  subject: string;
  body: string;
  draftId: string | null;
  parentId: string | null;
  mode: 'NEW' | 'REPLY' | 'FORWARD';
  attachments: Attachment[];
  /** Brought back from this tab's copy (see draft-rescue.ts), and why it had been left. */
  restored: RescuedDraft['reason'] | null;
}

function prefixed(prefix: string, subject: string): string {
  return subject.toUpperCase().startsWith(prefix.toUpperCase()) ? subject : `${prefix} ${subject}`;
}

/** /messagerie/nouveau[?brouillon=id | ?reponse=id&mode=REPLY|REPLY_ALL|FORWARD | ?a=personId]: the editor. */
export function ComposeView() {
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const draftId = params.get('brouillon');
  const parentId = params.get('reponse');
  const mode = (params.get('mode') ?? 'NEW') as Mode;
  // ?a=<id>: "Écrire un message" from a person's card in the annuaire.
  const personId = params.get('a');
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const location = useLocation();
  const at = location.pathname + location.search;
  const source = useQuery({
    queryKey: messagingKeys.composeSource(draftId ?? parentId ?? (personId ? `to:${personId}` : 'new'), mode),
    queryFn: async (): Promise<Initial> => {
      const empty: Initial = { to: [], cc: [], bcc: [], subject: '', body: '', draftId: null, parentId: null, mode: 'NEW', attachments: [], restored: null };
      // What the user was writing when his session expired (or the tab reloaded) comes first:
      // the server's draft, if any, is older than this copy.
      const rescued = findRescue(me.id, at);
      if (rescued) {
        const attachments = rescued.draftId ? await messagingApi.message(rescued.draftId).then((d) => d.attachments, () => []) : [];
        const { to, cc, bcc, subject, body, draftId: id, parentId: parent, mode: kind, reason } = rescued;
        return { to, cc, bcc, subject, body, draftId: id, parentId: parent, mode: kind, attachments, restored: reason };
      }
      if (draftId) {
        const draft = await messagingApi.message(draftId);
        return {
          to: draft.draft?.to ?? [],
          cc: draft.draft?.cc ?? [],
          bcc: draft.draft?.bcc ?? [],
          subject: draft.subject,
          body: draft.body,
          draftId: draft.id,
          parentId: draft.draft?.parentId ?? null,
          mode: (draft.draft?.mode as Initial['mode']) ?? 'NEW',
          attachments: draft.attachments,
          restored: null,
        };
      }
      // A new message, a reply or a forward opens with the user's signature (none if it cannot be read).
      const signature = await queryClient.fetchQuery({ queryKey: messagingKeys.settings, queryFn: messagingApi.settings }).then(
        (settings) => settings.signature,
        () => '',
      );
      if (!parentId && personId) {
        const person = await directoryApi.person(personId);
        const detail = [...person.classes, ...person.subjects].join(', ');
        return { ...empty, body: openingBody(signature), to: [{ target: { type: 'PERSON', id: person.id }, label: person.displayName, detail }] };
      }
      if (!parentId) return { ...empty, body: openingBody(signature) };
      const parent = await messagingApi.message(parentId);
      const quote = quoteOf(t, parent);
      if (mode === 'FORWARD') {
        // Forwarding copies the attachments: the server does it when the draft is created.
        const draft = await messagingApi.createDraft({ subject: prefixed(t('messagerie.forwardPrefix'), parent.subject), body: openingBody(signature, quote), parentId, mode: 'FORWARD' });
        return { ...empty, subject: draft.subject, body: draft.body, draftId: draft.id, parentId, mode: 'FORWARD', attachments: draft.attachments };
      }
      const sender: NamedTarget = { target: { type: 'PERSON', id: parent.from.id }, label: parent.from.displayName, detail: '' };
      const others = mode === 'REPLY_ALL' ? parent.replyAll : [];
      return {
        ...empty,
        to: parent.folder === 'SENT' ? others : [sender, ...others],
        subject: prefixed(t('messagerie.replyPrefix'), parent.subject),
        body: openingBody(signature, quote),
        parentId,
        mode: 'REPLY',
      };
    },
    staleTime: Infinity,
    gcTime: 0,
  });
  if (source.isPending) return <Loading />;
  if (source.isError) return <QueryError error={source.error} onRetry={() => void source.refetch()} />;
  return <ComposeForm initial={source.data} at={at} />;
}

function quoteOf(t: (key: string, options?: Record<string, unknown>) => string, parent: MessageDetail): string {
  const header = t('messagerie.quoteHeader', { name: parent.from.displayName, date: new Date(parent.date).toLocaleString() });
  return `<p>${escapeHtml(header)}</p><blockquote>${parent.body}</blockquote>`;
}

function ComposeForm({ initial, at }: { initial: Initial; at: string }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [to, setTo] = useState(initial.to);
  const [cc, setCc] = useState(initial.cc);
  const [bcc, setBcc] = useState(initial.bcc);
  const [showCopies, setShowCopies] = useState(initial.cc.length + initial.bcc.length > 0);
  const [subject, setSubject] = useState(initial.subject);
  const [body, setBody] = useState(initial.body);
  const [attachments, setAttachments] = useState(initial.attachments);
  const [draftId, setDraftId] = useState(initial.draftId);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);
  // A restored copy is not on the server yet: the autosave sends it at once.
  const dirty = useRef(initial.restored !== null);
  // Changes made, and the last of them the server holds: equal means nothing would be lost by leaving.
  const version = useRef(initial.restored !== null ? 1 : 0);
  const savedVersion = useRef(0);
  const expired = useRef(false);
  // What is typed in À / Cc / Cci but not chosen from the list: never dropped silently at sending.
  const [typed, setTyped] = useState<Record<'to' | 'cc' | 'bcc', string>>({ to: '', cc: '', bcc: '' });
  const [unpicked, setUnpicked] = useState<Partial<Record<'to' | 'cc' | 'bcc', string>>>({});
  const fieldRefs = { to: useRef<HTMLInputElement>(null), cc: useRef<HTMLInputElement>(null), bcc: useRef<HTMLInputElement>(null) };
  const typedIn = (field: 'to' | 'cc' | 'bcc') => (text: string) => {
    setTyped((current) => ({ ...current, [field]: text }));
    setUnpicked((current) => ({ ...current, [field]: undefined }));
  };
  const fileInput = useRef<HTMLInputElement>(null);

  const input = (): MessageDraftInput => ({
    to: to.map((n) => n.target),
    cc: cc.map((n) => n.target),
    bcc: bcc.map((n) => n.target),
    subject,
    body,
    parentId: initial.parentId,
    mode: initial.mode,
  });

  // One draft per editor, even when an autosave and an upload both need it at once.
  const draftRef = useRef<Promise<string> | null>(initial.draftId ? Promise.resolve(initial.draftId) : null);

  /**
   * Runs a call to the server; when it is refused because the session is
   * over, the tab's copy is marked so that the login page and the editor,
   * once back, say that nothing was lost.
   */
  const whileLoggedIn = async <T,>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (isApiError(error, 'UNAUTHENTICATED')) {
        expired.current = true;
        markRescueExpired();
        setLoginNotice('sessionExpiredWhileWriting');
      }
      throw error;
    }
  };

  /** Shows a failure, or, for an expired session, ends it: the login page then brings the user back here. */
  const failed = (error: unknown) => {
    if (isApiError(error, 'UNAUTHENTICATED')) endSession(queryClient);
    else setProblem(error);
  };

  /** Creates the draft on first need, then keeps it up to date. */
  const saveDraft = (): Promise<string> =>
    whileLoggedIn(async () => {
      const saving = version.current;
      if (draftRef.current) {
        const id = await draftRef.current;
        await messagingApi.saveDraft(id, input());
        setSavedAt(new Date());
        savedVersion.current = Math.max(savedVersion.current, saving);
        return id;
      }
      const creating = messagingApi.createDraft(input()).then((created) => created.id);
      draftRef.current = creating;
      try {
        const id = await creating;
        setDraftId(id);
        setSavedAt(new Date());
        savedVersion.current = Math.max(savedVersion.current, saving);
        return id;
      } catch (error) {
        draftRef.current = null;
        throw error;
      }
    });

  // Leaving the editor: what the server already holds needs no copy; the rest is saved on the way out.
  const latestSave = useRef(saveDraft);
  latestSave.current = saveDraft;
  useEffect(
    () => () => {
      if (expired.current) return;
      if (version.current === savedVersion.current) dropRescue();
      // The session ended under the editor (an expiry another request saw): the copy waits for the login.
      else if (queryClient.getQueryData(meKey) === null) markRescueExpired();
      else
        latestSave.current().then(
          () => dropRescue(),
          () => undefined,
        );
    },
    [],
  );

  // Autosave two seconds after the last change.
  useEffect(() => {
    if (!dirty.current) {
      dirty.current = true;
      return;
    }
    version.current += 1;
    const timer = setTimeout(() => {
      saveDraft()
        .then(() => void queryClient.invalidateQueries({ queryKey: messagingKeys.folders }))
        .catch((error: unknown) => {
          // Any other failure is retried by the next change; an expired session cannot be.
          if (isApiError(error, 'UNAUTHENTICATED')) failed(error);
        });
    }, 2000);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [to, cc, bcc, subject, body]);

  // The tab's copy follows every change until the server has it.
  useEffect(() => {
    if (version.current === 0) return;
    keepRescue({ userId: me.id, at, reason: expired.current ? 'expired' : 'open', draftId, parentId: initial.parentId, mode: initial.mode, to, cc, bcc, subject, body });
  }, [me.id, at, draftId, initial.parentId, initial.mode, to, cc, bcc, subject, body]);

  const send = useMutation({
    mutationFn: () =>
      whileLoggedIn(async () => {
        const id = draftRef.current ? await draftRef.current : null;
        return id ? messagingApi.sendDraft(id, input()) : messagingApi.send(input());
      }),
    onSuccess: async () => {
      version.current = savedVersion.current;
      dropRescue();
      await queryClient.invalidateQueries({ queryKey: messagingKeys.all });
      void navigate('/messagerie?dossier=SENT', { state: { notice: 'sent' } });
    },
    onError: failed,
  });

  const discard = useMutation({
    mutationFn: () =>
      whileLoggedIn(async () => {
        const id = draftRef.current ? await draftRef.current : null;
        if (id) await messagingApi.deleteDraft(id);
      }),
    onSuccess: async () => {
      version.current = savedVersion.current;
      dropRescue();
      await queryClient.invalidateQueries({ queryKey: messagingKeys.all });
      void navigate('/messagerie');
    },
    onError: failed,
  });

  const addFiles = async (files: File[]) => {
    if (files.length === 0) return;
    setUploading(true);
    setProblem(null);
    try {
      const id = await saveDraft();
      for (const file of files) {
        const added = await whileLoggedIn(() => messagingApi.upload(id, file));
        setAttachments((list) => [...list, added]);
      }
    } catch (error) {
      failed(error);
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const removeFile = async (attachment: Attachment) => {
    if (!draftId) return;
    try {
      await whileLoggedIn(() => messagingApi.removeAttachment(draftId, attachment.id));
      setAttachments((list) => list.filter((a) => a.id !== attachment.id));
    } catch (error) {
      failed(error);
    }
  };

  const recipientError = isApiError(problem, 'RECIPIENT_NOT_ALLOWED', 'NO_RECIPIENT') ? errorText(problem, t) : undefined;
  return (
    <section className="card compose" aria-labelledby="compose-title">
      <h2 id="compose-title" className="card__title">
        {initial.mode === 'FORWARD' ? t('messagerie.forwardTitle') : initial.mode === 'REPLY' ? t('messagerie.replyTitle') : t('messagerie.newMessage')}
      </h2>
      {initial.restored ? (
        <Alert tone={initial.restored === 'expired' ? 'warning' : 'info'}>
          <p>{t(`messagerie.rescue.${initial.restored}`)}</p>
        </Alert>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setProblem(null);
          const pending = (['to', 'cc', 'bcc'] as const).filter((field) => typed[field]);
          if (pending.length > 0) {
            setUnpicked(Object.fromEntries(pending.map((field) => [field, t('messagerie.unpickedRecipient', { text: typed[field] })])));
            fieldRefs[pending[0]!].current?.focus();
            return;
          }
          send.mutate();
        }}
        noValidate
      >
        <RecipientField label={t('messagerie.to')} value={to} onChange={setTo} error={unpicked.to ?? recipientError} onTypedChange={typedIn('to')} inputRef={fieldRefs.to} />
        {showCopies ? (
          <>
            <RecipientField label={t('messagerie.cc')} value={cc} onChange={setCc} error={unpicked.cc} onTypedChange={typedIn('cc')} inputRef={fieldRefs.cc} />
            <RecipientField label={t('messagerie.bcc')} value={bcc} onChange={setBcc} error={unpicked.bcc} onTypedChange={typedIn('bcc')} inputRef={fieldRefs.bcc} />
          </>
        ) : (
          <p>
            <Button variant="ghost" size="small" onPress={() => setShowCopies(true)}>
              {t('messagerie.showCopies')}
            </Button>
          </p>
        )}
        <TextField label={t('messagerie.subject')} value={subject} onChange={setSubject} maxLength={200} />
        <RichTextEditor label={t('messagerie.body')} initialHtml={initial.body} onChange={setBody} className="compose__body" />
        <div className="field compose__files">
          <span className="field__label" id="compose-files-label">
            {t('messagerie.attachments')}
          </span>
          {attachments.length > 0 ? (
            <ul aria-labelledby="compose-files-label">
              {attachments.map((a) => (
                <li key={a.id}>
                  {a.fileName} <span className="muted">({formatSize(a.size, i18n.language)})</span>{' '}
                  <Button variant="ghost" size="small" onPress={() => void removeFile(a)} aria-label={t('messagerie.removeFile', { name: a.fileName })}>
                    {t('messagerie.remove')}
                  </Button>
                </li>
              ))}
            </ul>
          ) : null}
          <FileField
            appearance="button"
            label={uploading ? t('messagerie.uploading') : t('messagerie.addFiles')}
            multiple
            inputRef={fileInput}
            onSelect={(files) => void addFiles(files)}
          />
        </div>
        <LiveRegion politeness="assertive">{problem && !recipientError ? <Alert tone="error">{errorText(problem, t)}</Alert> : null}</LiveRegion>
        <LiveRegion politeness="assertive">{recipientError ? <Alert tone="error">{recipientError}</Alert> : null}</LiveRegion>
        <div className="button-row compose__actions">
          <Button type="submit" isPending={send.isPending}>
            {t('messagerie.send')}
          </Button>
          <Button variant="secondary" onPress={() => void saveDraft().catch(failed)}>
            {t('messagerie.saveDraft')}
          </Button>
          <Button variant="ghost" onPress={() => discard.mutate()}>
            {t('messagerie.discard')}
          </Button>
          <span className="muted compose__saved">
            {savedAt ? t('messagerie.savedAt', { time: savedAt.toLocaleTimeString(i18n.language === 'en' ? 'en-GB' : 'fr-FR', { hour: '2-digit', minute: '2-digit' }) }) : null}
          </span>
        </div>
      </form>
    </section>
  );
}
