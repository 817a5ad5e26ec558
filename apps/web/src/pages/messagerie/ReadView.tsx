import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MessageDetail } from '@preau/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Button } from '../../components/Button.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { Alert } from '../../components/Alert.tsx';
import { RichText } from '../../components/RichText.tsx';
import { directoryApi } from '../../api/directory-api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCurrentUser } from '../../session/current-user.ts';
import { directoryKeys } from '../directory/directory-queries.ts';
import { senderContext } from './sender-context.ts';
import { formatFullDate, formatSize } from './format.ts';
import { attachmentUrl, messagingApi } from './messaging-api.ts';
import { messagingKeys, useFolders, useMessage, useThread } from './messaging-queries.ts';

/** /messagerie/messages/:id — the message (marked read when opened) and the rest of its conversation. */
export function ReadView() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const message = useMessage(id);
  const threadId = message.data?.threadId;
  const thread = useThread(threadId);
  const queryClient = useQueryClient();

  // Opening marks it read, once per opening: reading it (GET) changes nothing on the server, so say it (POST …/read).
  // A message marked unread again from this page stays unread.
  const markedOnOpen = useRef(new Set<string>());
  const unreadOnOpen = message.data && !message.data.isRead && !message.data.isDraft ? message.data.id : undefined;
  useEffect(() => {
    if (!unreadOnOpen || markedOnOpen.current.has(unreadOnOpen)) return;
    markedOnOpen.current.add(unreadOnOpen);
    void messagingApi.markRead(unreadOnOpen).then(() => {
      void queryClient.invalidateQueries({ queryKey: messagingKeys.folders });
      void queryClient.invalidateQueries({ queryKey: messagingKeys.unread });
      void queryClient.invalidateQueries({ queryKey: messagingKeys.timeline });
      void queryClient.invalidateQueries({ queryKey: ['messaging', 'list'] });
    });
  }, [unreadOnOpen, queryClient]);

  if (message.isPending) return <Loading />;
  if (message.isError) return <QueryError error={message.error} onRetry={() => void message.refetch()} />;
  const others = (thread.data?.messages ?? []).filter((m) => m.id !== id);
  return (
    <article className="card message-view" aria-labelledby="message-subject">
      <p>
        <Link to="/messagerie">{t('messagerie.backToInbox')}</Link>
      </p>
      <h2 id="message-subject" className="card__title">
        {message.data.subject || t('messagerie.noSubject')}
      </h2>
      <MessageActions message={message.data} />
      <MessageBody message={message.data} />
      {others.length > 0 ? (
        <section aria-labelledby="thread-title" className="message-view__thread">
          <h3 id="thread-title">{t('messagerie.conversation', { count: others.length })}</h3>
          {others.map((other) => (
            <details key={other.id} className="message-view__older">
              <summary>
                {other.from.displayName} · {other.subject || t('messagerie.noSubject')}
              </summary>
              <MessageBody message={other} nested />
            </details>
          ))}
        </section>
      ) : null}
    </article>
  );
}

function MessageBody({ message, nested = false }: { message: MessageDetail; nested?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="message-view__message">
      <dl className="message-view__headers">
        <div>
          <dt>{t('messagerie.from')}</dt>
          <dd>
            {message.from.displayName}
            <SenderContext senderId={message.from.id} />
          </dd>
        </div>
        {message.to.length > 0 ? (
          <div>
            <dt>{t('messagerie.to')}</dt>
            <dd>{message.to.join(', ')}</dd>
          </div>
        ) : null}
        {message.cc.length > 0 ? (
          <div>
            <dt>{t('messagerie.cc')}</dt>
            <dd>{message.cc.join(', ')}</dd>
          </div>
        ) : null}
        {message.bcc.length > 0 ? (
          <div>
            <dt>{t('messagerie.bcc')}</dt>
            <dd>{message.bcc.join(', ')}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('messagerie.date')}</dt>
          <dd>
            <time dateTime={message.date}>{formatFullDate(message.date, i18n.language)}</time>
          </dd>
        </div>
      </dl>
      {/* Sanitized by the server with an allow-list (no script, no handler, no javascript: link). */}
      <RichText html={message.body} className="message-view__body" />
      {message.attachments.length > 0 ? (
        <section aria-label={t('messagerie.attachments')} className="message-view__attachments">
          {nested ? <h4>{t('messagerie.attachments')}</h4> : <h3>{t('messagerie.attachments')}</h3>}
          <ul>
            {message.attachments.map((a) => (
              <li key={a.id}>
                <a href={attachmentUrl(a.id)} download={a.fileName}>
                  {t('messagerie.download', { name: a.fileName })}
                </a>{' '}
                <span className="muted">({formatSize(a.size, i18n.language)})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function MessageActions({ message }: { message: MessageDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const folders = useFolders();
  const [notice, setNotice] = useState('');
  const update = useMutation({
    mutationFn: (body: { isRead?: boolean; isFlagged?: boolean; moveTo?: string; restore?: true }) => messagingApi.update({ ids: [message.id], ...body }),
    onSuccess: async (_data, body) => {
      await queryClient.invalidateQueries({ queryKey: messagingKeys.all });
      if (body.moveTo === 'TRASH') {
        // The inbox confirms it, with "Annuler" to put the message back.
        void navigate('/messagerie', { state: { notice: 'deleted', messageId: message.id } });
        return;
      }
      setNotice(body.isRead === false ? t('messagerie.markedUnread') : body.isFlagged !== undefined ? t('messagerie.flagChanged') : t('messagerie.moved'));
    },
  });
  const userFolders = (folders.data?.items ?? []).filter((f) => f.folderId);
  const inTrash = message.folder === 'TRASH';
  return (
    <div className="message-view__actions">
      <div className="button-row" role="group" aria-label={t('messagerie.actions')}>
        <ButtonLink variant="secondary" to={`/messagerie/nouveau?reponse=${message.id}&mode=REPLY`}>
          {t('messagerie.reply')}
        </ButtonLink>
        <ButtonLink variant="secondary" to={`/messagerie/nouveau?reponse=${message.id}&mode=REPLY_ALL`}>
          {t('messagerie.replyAll')}
        </ButtonLink>
        <ButtonLink variant="secondary" to={`/messagerie/nouveau?reponse=${message.id}&mode=FORWARD`}>
          {t('messagerie.forward')}
        </ButtonLink>
        <Button variant="ghost" onPress={() => update.mutate({ isRead: false })}>
          {t('messagerie.markUnread')}
        </Button>
        <Button variant="ghost" onPress={() => update.mutate({ isFlagged: !message.isFlagged })}>
          {message.isFlagged ? t('messagerie.unflag') : t('messagerie.flag')}
        </Button>
        {inTrash ? (
          <Button variant="secondary" onPress={() => update.mutate({ restore: true })}>
            {t('messagerie.restore')}
          </Button>
        ) : (
          <Button variant="danger" onPress={() => update.mutate({ moveTo: 'TRASH' })}>
            {t('messagerie.delete')}
          </Button>
        )}
      </div>
      {userFolders.length > 0 && !inTrash ? (
        <SelectField
          label={t('messagerie.moveTo')}
          value=""
          emptyOption={t('messagerie.chooseFolder')}
          options={[{ value: 'INBOX', label: t('messagerie.folders.INBOX') }, ...userFolders.map((f) => ({ value: f.folderId!, label: f.name }))]}
          onChange={(value) => value && update.mutate({ moveTo: value })}
        />
      ) : null}
      <LiveRegion>
        {update.isError ? <Alert tone="error">{errorText(update.error, t)}</Alert> : notice ? <p className="muted">{notice}</p> : null}
      </LiveRegion>
    </div>
  );
}

/**
 * Whose parent, which class: read from the sender's annuaire card, so only
 * what the reader may see there. Nothing when the card is not visible to him,
 * and nothing for his own messages.
 */
function SenderContext({ senderId }: { senderId: string }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const card = useQuery({
    queryKey: directoryKeys.person(senderId),
    queryFn: () => directoryApi.person(senderId),
    enabled: senderId !== me.id,
    retry: false,
    staleTime: 5 * 60_000,
  });
  if (!card.data) return null;
  return <span className="message-view__sender-context">{senderContext(t, card.data)}</span>;
}
