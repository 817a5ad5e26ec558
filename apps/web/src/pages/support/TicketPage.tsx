import type { TicketDetail, TicketStatus, TicketStatusBody } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PHOTO_TYPES, supportApi, supportKeys } from '../../api/support-api.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { CheckboxField } from '../../components/CheckboxField.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { FileField } from '../../components/FileField.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { statusTone } from './SupportPage.tsx';
import './support.css';

/** /support/tickets/:id: the report, its visits and messages; for its handlers the buttons that move it on; for its requester, closing it. */
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

function useWhen() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'fr-FR';
  return (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The label of a move, from where the ticket is and who moves it. */
function moveLabel(t: (key: string) => string, ticket: TicketDetail, next: TicketStatus): string {
  if (!ticket.canHandle && next === 'ASSIGNED') return t('support.reopen');
  if (!ticket.canHandle && next === 'CLOSED' && ticket.status === 'NEW') return t('support.withdraw');
  if (next === 'ASSIGNED' && ticket.status !== 'NEW') return t('support.resume');
  return t(`support.moveTo.${next}`);
}

function Ticket({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const when = useWhen();
  const [closing, setClosing] = useState(false);
  const update = (next: TicketDetail) => {
    queryClient.setQueryData(supportKeys.ticket(ticket.id), next);
    void queryClient.invalidateQueries({ queryKey: supportKeys.all, predicate: (q) => q.queryKey[1] !== 'ticket' });
  };
  const status = useMutation({
    mutationFn: (body: TicketStatusBody) => supportApi.setStatus(ticket.id, body),
    onSuccess: (next) => {
      setClosing(false);
      update(next);
    },
  });
  const move = (next: TicketStatus) => (next === 'CLOSED' ? setClosing(true) : status.mutate({ status: next }));
  return (
    <div className="stack">
      <Card>
        <p>
          <Badge tone={statusTone[ticket.status]}>{t(`support.statuses.${ticket.status}`)}</Badge> {t(`support.priorities.${ticket.priority}`)}
          {ticket.overdue ? (
            <>
              {' '}
              <Badge tone="danger">{t('support.overdue')}</Badge>
            </>
          ) : null}
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
          <dt>{t('support.urgency')}</dt>
          <dd>
            {t(`support.urgencies.${ticket.urgency}`)} · {t(`support.impacts.${ticket.impact}`)}
          </dd>
          {ticket.teamName ? (
            <>
              <dt>{t('support.team')}</dt>
              <dd>{ticket.teamName}</dd>
            </>
          ) : null}
          <dt>{t('support.assignee')}</dt>
          <dd>{ticket.assignee?.name ?? t('support.nobodyYet')}</dd>
          {ticket.canHandle && ticket.takeDueAt && !ticket.assignee ? (
            <>
              <dt>{t('support.takeDue')}</dt>
              <dd>{when(ticket.takeDueAt)}</dd>
            </>
          ) : null}
          {ticket.canHandle && ticket.resolveDueAt && ticket.status !== 'RESOLVED' && ticket.status !== 'CLOSED' ? (
            <>
              <dt>{t('support.resolveDue')}</dt>
              <dd>{when(ticket.resolveDueAt)}</dd>
            </>
          ) : null}
          {ticket.satisfaction ? (
            <>
              <dt>{t('support.satisfaction')}</dt>
              <dd>
                {t('support.satisfactionGiven', { score: t(`support.satisfactionScores.${ticket.satisfaction.score}`) })}
                {ticket.satisfaction.comment ? ` · ${ticket.satisfaction.comment}` : ''}
              </dd>
            </>
          ) : null}
        </dl>
        <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{ticket.description}</p>
        {ticket.nextStatuses.length > 0 ? (
          <div className="form__actions">
            {ticket.nextStatuses.map((next) => (
              <Button
                key={next}
                variant={next === 'CLOSED' || next === 'WAITING' ? 'secondary' : 'primary'}
                isPending={status.isPending && status.variables?.status === next}
                onPress={() => move(next)}
              >
                {moveLabel(t, ticket, next)}
              </Button>
            ))}
          </div>
        ) : null}
        <LiveRegion>
          <ErrorAlert error={status.isError && !closing ? status.error : undefined} />
        </LiveRegion>
      </Card>
      <PhotosCard ticket={ticket} onDone={update} />
      <Card title={t('support.interventions')}>
        {ticket.interventions.length === 0 ? (
          <EmptyState>
            <p>{t('support.noIntervention')}</p>
          </EmptyState>
        ) : (
          <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
            {ticket.interventions.map((visit) => (
              <li key={visit.id}>
                <p>{t('support.interventionLine', { date: when(visit.startsAt), technician: visit.technician.name })}</p>
                {visit.equipment || visit.note ? <p className="muted">{[visit.equipment?.name, visit.note].filter(Boolean).join(' · ')}</p> : null}
                {visit.parts.length > 0 ? <p>{t('support.partsReplaced', { parts: visit.parts.join(', ') })}</p> : null}
                {ticket.canHandle && visit.equipment ? <PartsForm interventionId={visit.id} onDone={update} /> : null}
              </li>
            ))}
          </ul>
        )}
        {ticket.canHandle && ticket.status !== 'RESOLVED' && ticket.status !== 'CLOSED' ? <ScheduleForm ticket={ticket} onDone={update} /> : null}
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
                  {comment.byHandler ? ` (${t('support.handler')})` : ''} · {when(comment.createdAt)}{' '}
                  {comment.internal ? <Badge tone="warning">{t('support.internalBadge')}</Badge> : null}
                </p>
                <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{comment.body}</p>
              </li>
            ))}
          </ul>
        )}
        {ticket.status !== 'CLOSED' ? <CommentForm ticket={ticket} onDone={update} /> : null}
      </Card>
      {closing ? (
        <CloseDialog
          ticket={ticket}
          isPending={status.isPending}
          error={status.isError ? status.error : undefined}
          onCancel={() => {
            status.reset();
            setClosing(false);
          }}
          onConfirm={(body) => status.mutate(body)}
        />
      ) : null}
    </div>
  );
}

/** The photos of the fault, as thumbnails opening the picture; the requester and the handlers add more while it is open. */
function PhotosCard({ ticket, onDone }: { ticket: TicketDetail; onDone: (next: TicketDetail) => void }) {
  const { t } = useTranslation();
  const when = useWhen();
  const add = useMutation({
    mutationFn: async (files: File[]) => {
      let last: TicketDetail | undefined;
      for (const file of files) last = await supportApi.addPhoto(ticket.id, file);
      return last;
    },
    onSuccess: (next) => (next ? onDone(next) : undefined),
  });
  return (
    <Card title={t('support.photos')}>
      {ticket.photos.length === 0 ? (
        <EmptyState>
          <p>{t('support.noPhoto')}</p>
        </EmptyState>
      ) : (
        <ul className="support-photos">
          {ticket.photos.map((photo) => (
            <li key={photo.id}>
              {photo.pending ? (
                <p className="muted">{t('support.photoPending', { name: photo.authorName })}</p>
              ) : (
                <a href={supportApi.photoUrl(photo.id)} target="_blank" rel="noreferrer">
                  {photo.hasThumbnail ? (
                    <img src={supportApi.thumbnailUrl(photo.id)} alt={t('support.photoAlt', { name: photo.authorName, date: when(photo.createdAt) })} loading="lazy" width={128} height={128} />
                  ) : (
                    t('support.photoAlt', { name: photo.authorName, date: when(photo.createdAt) })
                  )}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      {ticket.status !== 'CLOSED' ? (
        <>
          <LiveRegion>
            {add.isSuccess ? <p>{t('support.photoAdded')}</p> : null}
            <ErrorAlert error={add.isError ? add.error : undefined} />
          </LiveRegion>
          <p className="muted">{t('support.photosHelp')}</p>
          <FileField label={add.isPending ? t('common.loading') : t('support.addPhoto')} appearance="button" accept={PHOTO_TYPES} multiple onSelect={(files) => (files.length > 0 ? add.mutate(files) : undefined)} />
        </>
      ) : null}
    </Card>
  );
}

/** Closing: the requester says how satisfied he is (if he wants) once it is resolved; withdrawing a new report asks nothing. */
function CloseDialog({
  ticket,
  isPending,
  error,
  onCancel,
  onConfirm,
}: {
  ticket: TicketDetail;
  isPending: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (body: TicketStatusBody) => void;
}) {
  const { t } = useTranslation();
  const asksSatisfaction = !ticket.canHandle && ticket.status === 'RESOLVED';
  const [score, setScore] = useState('');
  const [comment, setComment] = useState('');
  const confirm = () =>
    onConfirm({
      status: 'CLOSED',
      ...(asksSatisfaction && score ? { satisfaction: Number(score) } : {}),
      ...(asksSatisfaction && score && comment.trim() ? { satisfactionComment: comment.trim() } : {}),
    });
  return (
    <ModalDialog isOpen role="alertdialog" onOpenChange={(open) => (open ? undefined : onCancel())} title={t('support.closeTitle')}>
      <p>{ticket.status === 'NEW' && !ticket.canHandle ? t('support.withdrawWarning') : t('support.closeWarning')}</p>
      {asksSatisfaction ? (
        <div className="form">
          <SelectField
            label={t('support.satisfactionScore')}
            value={score}
            onChange={setScore}
            emptyOption={t('support.satisfactionNone')}
            options={['5', '4', '3', '2', '1'].map((value) => ({ value, label: t(`support.satisfactionScores.${value}`) }))}
          />
          {score ? <TextField label={t('support.satisfactionComment')} maxLength={1000} value={comment} onChange={setComment} /> : null}
        </div>
      ) : null}
      <ErrorAlert error={error} />
      <div className="form__actions">
        <Button variant="secondary" onPress={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button variant="danger" isPending={isPending} onPress={confirm}>
          {ticket.status === 'NEW' && !ticket.canHandle ? t('support.withdraw') : t('support.moveTo.CLOSED')}
        </Button>
      </div>
    </ModalDialog>
  );
}

/** The parts a technician replaced during a visit; they also go on the equipment's history. */
function PartsForm({ interventionId, onDone }: { interventionId: string; onDone: (ticket: TicketDetail) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const mutation = useMutation({
    mutationFn: () => supportApi.parts(interventionId, parts),
    onSuccess: (next) => {
      setText('');
      onDone(next);
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(parts.length === 0);
    if (parts.length > 0) mutation.mutate();
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <TextField label={t('support.partsLabel')} maxLength={600} value={text} onChange={setText} error={missing ? t('support.partsMissing') : undefined} />
      <LiveRegion>
        <ErrorAlert error={mutation.isError ? mutation.error : undefined} />
      </LiveRegion>
      <div className="form__actions">
        <Button type="submit" variant="secondary" isPending={mutation.isPending}>
          {t('support.partsSubmit')}
        </Button>
      </div>
    </form>
  );
}

/** A datetime-local value (the browser's local time) to an ISO instant with its offset. */
function fromLocalInput(value: string): string | null {
  const date = new Date(value);
  return value && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/** A handler schedules a visit: when, which technician of the team (himself by default). */
function ScheduleForm({ ticket, onDone }: { ticket: TicketDetail; onDone: (ticket: TicketDetail) => void }) {
  const { t } = useTranslation();
  const [startsAt, setStartsAt] = useState('');
  const [technicianId, setTechnicianId] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const mutation = useMutation({
    mutationFn: (at: string) => supportApi.schedule(ticket.id, { startsAt: at, ...(technicianId ? { technicianId } : {}), ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: (next) => {
      setStartsAt('');
      setNote('');
      onDone(next);
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const at = fromLocalInput(startsAt);
    setMissing(!at);
    if (at) mutation.mutate(at);
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={t('support.schedule')}>
      <h3>{t('support.schedule')}</h3>
      <TextField label={t('support.scheduleWhen')} type="datetime-local" value={startsAt} onChange={setStartsAt} error={missing ? t('support.scheduleMissing') : undefined} />
      {ticket.technicians.length > 0 ? (
        <SelectField
          label={t('support.scheduleWho')}
          value={technicianId}
          onChange={setTechnicianId}
          emptyOption={ticket.assignee?.name ?? t('support.nobodyYet')}
          options={ticket.technicians.filter((tech) => tech.id !== ticket.assignee?.id).map((tech) => ({ value: tech.id, label: tech.name }))}
        />
      ) : null}
      <TextField label={t('support.scheduleNote')} maxLength={500} value={note} onChange={setNote} />
      <LiveRegion>
        <ErrorAlert error={mutation.isError ? mutation.error : undefined} />
      </LiveRegion>
      <div className="form__actions">
        <Button type="submit" isPending={mutation.isPending}>
          {t('support.scheduleSubmit')}
        </Button>
      </div>
    </form>
  );
}

function CommentForm({ ticket, onDone }: { ticket: TicketDetail; onDone: (ticket: TicketDetail) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [missing, setMissing] = useState(false);
  const mutation = useMutation({
    mutationFn: () => supportApi.comment(ticket.id, body.trim(), internal),
    onSuccess: (next) => {
      setBody('');
      setInternal(false);
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
      {ticket.canHandle ? <CheckboxField label={t('support.internal')} checked={internal} onChange={setInternal} /> : null}
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
