import type { TicketDetail, TicketStatus } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { supportApi, supportKeys } from '../../api/support-api.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { statusTone } from './SupportPage.tsx';

/** /support/tickets/:id: the report, its comments, and for its handlers the buttons that move it on. */
export function TicketPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: supportKeys.ticket(id), queryFn: () => supportApi.detail(id) });
  return (
    <>
      <PageHeader
        title={query.data?.title ?? t('support.ticket')}
        before={
          <p>
            <Link to="/support">{t('support.back')}</Link>
          </p>
        }
      />
      {query.isPending ? <Loading /> : query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : <Ticket ticket={query.data} />}
    </>
  );
}

function Ticket({ ticket }: { ticket: TicketDetail }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const locale = i18n.language === 'en' ? 'en-GB' : 'fr-FR';
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const [closing, setClosing] = useState(false);
  const update = (next: TicketDetail) => {
    queryClient.setQueryData(supportKeys.ticket(ticket.id), next);
    void queryClient.invalidateQueries({ queryKey: supportKeys.all, predicate: (q) => q.queryKey[1] !== 'ticket' });
  };
  const status = useMutation({
    mutationFn: (next: TicketStatus) => supportApi.setStatus(ticket.id, next),
    onSuccess: (next) => {
      setClosing(false);
      update(next);
    },
  });
  const move = (next: TicketStatus) => (next === 'CLOSED' ? setClosing(true) : status.mutate(next));
  return (
    <div className="stack">
      <Card>
        <p>
          <Badge tone={statusTone[ticket.status]}>{t(`support.statuses.${ticket.status}`)}</Badge> {t(`support.urgencies.${ticket.urgency}`)}
        </p>
        <dl>
          <dt>{t('support.reportedBy')}</dt>
          <dd>
            {ticket.authorName} · {ticket.structureName} · {when(ticket.createdAt)}
          </dd>
          {ticket.room ? (
            <>
              <dt>{t('support.room')}</dt>
              <dd>{ticket.room}</dd>
            </>
          ) : null}
          {ticket.equipment ? (
            <>
              <dt>{t('support.equipment')}</dt>
              <dd>{ticket.equipment.name}</dd>
            </>
          ) : null}
        </dl>
        <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{ticket.description}</p>
        {ticket.canHandle && ticket.nextStatuses.length > 0 ? (
          <div className="form__actions">
            {ticket.nextStatuses.map((next) => (
              <Button key={next} variant={next === 'CLOSED' ? 'secondary' : 'primary'} isPending={status.isPending && status.variables === next} onPress={() => move(next)}>
                {t(`support.moveTo.${next}`)}
              </Button>
            ))}
          </div>
        ) : null}
        <LiveRegion>
          <ErrorAlert error={status.isError ? status.error : undefined} />
        </LiveRegion>
      </Card>
      <Card title={t('support.comments')}>
        {ticket.comments.length === 0 ? (
          <EmptyState>
            <p>{ticket.canHandle ? t('support.noCommentHandler') : t('support.noComment')}</p>
          </EmptyState>
        ) : (
          <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
            {ticket.comments.map((comment) => (
              <li key={comment.id}>
                <p className="muted">
                  {comment.authorName}
                  {comment.byHandler ? ` (${t('support.handler')})` : ''} · {when(comment.createdAt)}
                </p>
                <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{comment.body}</p>
              </li>
            ))}
          </ul>
        )}
        <CommentForm ticketId={ticket.id} onDone={update} />
      </Card>
      {closing ? (
        <ModalDialog isOpen role="alertdialog" onOpenChange={(open) => (open ? undefined : setClosing(false))} title={t('support.closeTitle')}>
          <p>{t('support.closeWarning')}</p>
          <ErrorAlert error={status.isError ? status.error : undefined} />
          <div className="form__actions">
            <Button variant="secondary" onPress={() => setClosing(false)}>
              {t('common.cancel')}
            </Button>
            <Button variant="danger" isPending={status.isPending} onPress={() => status.mutate('CLOSED')}>
              {t('support.moveTo.CLOSED')}
            </Button>
          </div>
        </ModalDialog>
      ) : null}
    </div>
  );
}

function CommentForm({ ticketId, onDone }: { ticketId: string; onDone: (ticket: TicketDetail) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [body, setBody] = useState('');
  const [missing, setMissing] = useState(false);
  const mutation = useMutation({
    mutationFn: () => supportApi.comment(ticketId, body.trim()),
    onSuccess: (next) => {
      setBody('');
      onDone(next);
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!body.trim());
    if (body.trim()) mutation.mutate();
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label className="field__label" htmlFor={id}>
          {t('support.addComment')}
        </label>
        <textarea
          id={id}
          className="field__input"
          rows={3}
          maxLength={4000}
          value={body}
          aria-invalid={missing ? true : undefined}
          aria-describedby={missing ? `${id}-error` : undefined}
          onChange={(event) => setBody(event.target.value)}
        />
        {missing ? (
          <p className="field__error" id={`${id}-error`}>
            {t('support.commentMissing')}
          </p>
        ) : null}
      </div>
      <LiveRegion>
        <ErrorAlert error={mutation.isError ? mutation.error : undefined} />
      </LiveRegion>
      <div className="form__actions">
        <Button type="submit" isPending={mutation.isPending}>
          {t('support.sendComment')}
        </Button>
      </div>
    </form>
  );
}
