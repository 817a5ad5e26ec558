import { CreateTicketBody, type TicketStatus, type TicketSummary, ticketImpacts, ticketStatuses, ticketUrgencies } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useDeferredValue, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { inventoryApi } from '../../api/inventory-api.ts';
import { PHOTO_TYPES, type TicketScope, supportApi, supportKeys } from '../../api/support-api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { CheckboxField } from '../../components/CheckboxField.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FileField } from '../../components/FileField.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { ShowMoreButton } from '../../components/ShowMoreButton.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useCursorPages } from '../../lib/use-cursor-pages.ts';
import { useFormCheck } from '../../lib/use-form-check.ts';
import { useCurrentUser } from '../../session/current-user.ts';
import { StudentsSettingCard, TargetsCard, TeamsCard } from './SupportSetup.tsx';

export const statusTone = { NEW: 'info', ASSIGNED: 'warning', PLANNED: 'warning', WAITING: 'neutral', RESOLVED: 'success', CLOSED: 'neutral' } as const;

/**
 * /support: report a fault (where the server says the caller may), follow one's reports; for technicians their team's
 * tickets and their visits to come; for admins the tickets of what they administer.
 */
export function SupportPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const support = useQuery({ queryKey: supportKeys.me, queryFn: () => supportApi.me() });
  const reportIn = support.data?.reportIn ?? [];
  return (
    <>
      <PageHeader title={t('support.title')} subtitle={<p>{t('support.subtitle')}</p>} />
      <div className="stack">
        {support.isPending ? (
          <Loading />
        ) : support.isError ? (
          <QueryError error={support.error} onRetry={() => void support.refetch()} />
        ) : (
          <>
            {reportIn.length > 0 ? <ReportCard structures={reportIn} /> : null}
            {reportIn.length === 0 && me.profile === 'ELEVE' ? (
              <Alert tone="info">
                <p>{t('support.studentsNotAllowed')}</p>
              </Alert>
            ) : null}
            {support.data.technician ? <TicketsCard scopes={[{ kind: 'team', id: 'mine', label: '' }]} title={t('support.teamQueue')} empty={t('support.teamEmpty')} /> : null}
            {support.data.technician ? <AgendaCard /> : null}
            {support.data.technicianCollectiviteIds.map((id) => (
              <KnowledgeCard key={id} collectiviteId={id} />
            ))}
            {me.adminRoles.length > 0 ? <TicketsCard scopes={adminScopes(me.adminRoles)} title={t('support.toHandle')} empty={t('support.noneToHandle')} /> : null}
            {me.adminRoles.map((role) =>
              role.role === 'ADML' ? (
                <StudentsSettingCard key={role.scopeId} structureId={role.scopeId} structureName={role.scopeName} />
              ) : role.role === 'ADMC' ? (
                <Fragment key={role.scopeId}>
                  <TeamsCard collectiviteId={role.scopeId} />
                  <TargetsCard collectiviteId={role.scopeId} />
                </Fragment>
              ) : null,
            )}
            {reportIn.length > 0 || me.structures.length > 0 ? <MineCard /> : null}
          </>
        )}
      </div>
    </>
  );
}

type Scope = TicketScope & { label: string };

function adminScopes(roles: ReturnType<typeof useCurrentUser>['adminRoles']): Scope[] {
  return roles.map((role) => ({ kind: role.role === 'ADMC' ? 'collectivite' : 'structure', id: role.scopeId, label: role.scopeName }));
}

function ReportCard({ structures }: { structures: Array<{ id: string; name: string }> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const descriptionId = useId();
  const [structureId, setStructureId] = useState(structures[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const [room, setRoom] = useState('');
  const [equipmentId, setEquipmentId] = useState('');
  const [urgency, setUrgency] = useState('NORMAL');
  const [impact, setImpact] = useState('MEDIUM');
  const [description, setDescription] = useState('');
  const { form, errors, check } = useFormCheck(CreateTicketBody);
  // The structure's register, to say which projector; a short list is enough to pick from.
  const equipment = useQuery({
    queryKey: ['inventory', 'equipment', structureId, 'picker'],
    queryFn: () => inventoryApi.equipment(structureId, {}, undefined),
    enabled: Boolean(structureId),
  });
  // A label's QR code opens /support?equipment=<id>: that equipment and its room are chosen already, even when
  // it is not on the short list's first page.
  const [searchParams] = useSearchParams();
  const scannedId = searchParams.get('equipment');
  const scanned = useQuery({
    queryKey: ['inventory', 'equipment', 'detail', scannedId],
    queryFn: () => inventoryApi.detail(scannedId!),
    enabled: Boolean(scannedId),
    retry: false,
  });
  useEffect(() => {
    if (!scanned.data) return;
    setEquipmentId(scanned.data.id);
    setRoom(scanned.data.room ?? '');
  }, [scanned.data]);
  const equipmentOptions = [...(equipment.data?.items ?? [])];
  if (scanned.data && !equipmentOptions.some((e) => e.id === scanned.data.id)) equipmentOptions.unshift(scanned.data);
  const photos = useRef<HTMLInputElement>(null);
  // The report first, then its photos: a refused photo leaves the report sent, and says so.
  const mutation = useMutation({
    mutationFn: async (body: CreateTicketBody) => {
      const ticket = await supportApi.open(structureId, body);
      let photoError: unknown;
      for (const file of Array.from(photos.current?.files ?? [])) {
        try {
          await supportApi.addPhoto(ticket.id, file);
        } catch (error) {
          photoError ??= error;
        }
      }
      return { ...ticket, photoError };
    },
    onSuccess: () => {
      if (photos.current) photos.current.value = '';
      void queryClient.invalidateQueries({ queryKey: supportKeys.all });
      setTitle('');
      setRoom('');
      setEquipmentId('');
      setDescription('');
      setUrgency('NORMAL');
      setImpact('MEDIUM');
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = check({ title, description, urgency, impact, ...(room.trim() ? { room } : {}), ...(equipmentId ? { equipmentId } : {}) });
    if (body) mutation.mutate(body);
    else mutation.reset();
  };
  return (
    <Card title={t('support.report')}>
      <LiveRegion>
        {mutation.isSuccess ? (
          <Alert tone="success">
            <p>
              {t('support.reported')} <Link to={`/support/tickets/${mutation.data.id}`}>{mutation.data.title}</Link>
            </p>
          </Alert>
        ) : null}
        {mutation.data?.photoError ? (
          <>
            <Alert tone="warning">
              <p>{t('support.reportedPhotoFailed')}</p>
            </Alert>
            <ErrorAlert error={mutation.data.photoError} />
          </>
        ) : null}
        <ErrorAlert error={mutation.isError ? mutation.error : undefined} />
      </LiveRegion>
      <form ref={form} className="form" onSubmit={onSubmit} noValidate>
        {structures.length > 1 ? (
          <SelectField label={t('support.structure')} value={structureId} onChange={setStructureId} options={structures.map((s) => ({ value: s.id, label: s.name }))} />
        ) : null}
        <TextField label={t('support.what')} name="ticket-title" maxLength={120} isRequired value={title} onChange={setTitle} error={errors.title} description={t('support.whatHelp')} />
        <Suggestions structureId={structureId} title={title} />
        <TextField label={t('support.room')} name="ticket-room" maxLength={60} value={room} onChange={setRoom} error={errors.room} />
        <SelectField
          label={t('support.equipment')}
          value={equipmentId}
          onChange={setEquipmentId}
          emptyOption={t('support.noEquipment')}
          options={equipmentOptions.map((e) => ({ value: e.id, label: e.room ? `${e.name} (${e.room})` : e.name }))}
          error={errors.equipmentId}
        />
        <SelectField label={t('support.urgency')} value={urgency} onChange={setUrgency} options={ticketUrgencies.map((u) => ({ value: u, label: t(`support.urgencies.${u}`) }))} />
        <SelectField label={t('support.impact')} value={impact} onChange={setImpact} options={ticketImpacts.map((i) => ({ value: i, label: t(`support.impacts.${i}`) }))} />
        <div className="field">
          <label className="field__label" htmlFor={descriptionId}>
            {t('support.description')}
          </label>
          <textarea
            id={descriptionId}
            name="description"
            className="field__input"
            rows={4}
            maxLength={4000}
            required
            aria-invalid={errors.description ? true : undefined}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
          {errors.description ? <p className="field__error">{errors.description}</p> : null}
        </div>
        <FileField label={t('support.addPhotos')} description={t('support.photosHelp')} accept={PHOTO_TYPES} multiple inputRef={photos} />
        <div className="form__actions">
          <Button type="submit" isPending={mutation.isPending}>
            {t('support.send')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function TicketList({ items, showAuthor }: { items: TicketSummary[]; showAuthor: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
      {items.map((ticket) => (
        <li key={ticket.id} className="card">
          <Link to={`/support/tickets/${ticket.id}`}>{ticket.title}</Link>{' '}
          <Badge tone={statusTone[ticket.status]}>{t(`support.statuses.${ticket.status}`)}</Badge>
          {ticket.overdue ? (
            <>
              {' '}
              <Badge tone="danger">{t('support.overdue')}</Badge>
            </>
          ) : null}
          <p className="muted">
            {[
              ticket.room,
              ticket.equipment?.name,
              t(`support.priorities.${ticket.priority}`),
              showAuthor && ticket.assignee ? `${t('support.assignee')} ${ticket.assignee.name}` : null,
              showAuthor ? `${ticket.authorName} · ${ticket.structureName}` : null,
              new Date(ticket.createdAt).toLocaleDateString(i18n.language === 'en' ? 'en-GB' : 'fr-FR'),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </li>
      ))}
    </ul>
  );
}

function MineCard() {
  const { t } = useTranslation();
  const query = useCursorPages(supportKeys.mine, (cursor) => supportApi.mine(cursor));
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card title={t('support.mine')}>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>
          <p>{t('support.mineEmpty')}</p>
        </EmptyState>
      ) : (
        <>
          <TicketList items={items} showAuthor={false} />
          <ShowMoreButton hasMore={query.hasNextPage} isLoading={query.isFetchingNextPage} onPress={() => void query.fetchNextPage()} />
        </>
      )}
    </Card>
  );
}

/** A handler's list: his team's tickets (technician) or those of a structure or collectivité he administers, by status, overdue ones alone if he wants. */
function TicketsCard({ scopes, title, empty }: { scopes: Scope[]; title: string; empty: string }) {
  const { t } = useTranslation();
  const [scopeKey, setScopeKey] = useState(`${scopes[0]!.kind}:${scopes[0]!.id}`);
  const scope = scopes.find((s) => `${s.kind}:${s.id}` === scopeKey) ?? scopes[0]!;
  const [status, setStatus] = useState('');
  const [overdue, setOverdue] = useState(false);
  const query = useCursorPages(
    supportKeys.scoped(scope, status, overdue),
    (cursor) => supportApi.scoped(scope, { status: (status || undefined) as TicketStatus | undefined, overdue }, cursor),
    { keepPrevious: true },
  );
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card title={title}>
      <div className="form form--grid">
        {scopes.length > 1 ? (
          <SelectField label={t('support.scope')} value={scopeKey} onChange={setScopeKey} options={scopes.map((s) => ({ value: `${s.kind}:${s.id}`, label: s.label }))} />
        ) : null}
        <SelectField
          label={t('support.status')}
          value={status}
          onChange={setStatus}
          emptyOption={t('support.allStatuses')}
          options={ticketStatuses.map((s) => ({ value: s, label: t(`support.statuses.${s}`) }))}
        />
        <CheckboxField label={t('support.overdueOnly')} checked={overdue} onChange={setOverdue} />
      </div>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>
          <p>{overdue ? t('support.overdueEmpty') : status ? t('support.noneWithStatus') : empty}</p>
        </EmptyState>
      ) : (
        <>
          <TicketList items={items} showAuthor />
          <ShowMoreButton hasMore={query.hasNextPage} isLoading={query.isFetchingNextPage} onPress={() => void query.fetchNextPage()} />
        </>
      )}
    </Card>
  );
}

/** Settles after the person stops typing, so a search is not sent at each key. */
function useSettled(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Answers of the knowledge base matching the title being typed: the fault may be fixed without a ticket. */
function Suggestions({ structureId, title }: { structureId: string; title: string }) {
  const { t } = useTranslation();
  const q = useDeferredValue(useSettled(title.trim()));
  const query = useQuery({ queryKey: supportKeys.answers(structureId, q), queryFn: () => supportApi.answers(structureId, q), enabled: Boolean(structureId) && q.length >= 3 });
  const items = q.length >= 3 ? (query.data?.items ?? []) : [];
  return (
    <LiveRegion>
      {items.length > 0 ? (
        <Alert tone="info">
          <p>{t('support.suggestions')}</p>
          {items.map((answer) => (
            <details key={answer.id}>
              <summary>{answer.title}</summary>
              <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{answer.body}</p>
            </details>
          ))}
        </Alert>
      ) : null}
    </LiveRegion>
  );
}

/** Technicians publish answers to frequent faults; they are offered to requesters as they type. */
function KnowledgeCard({ collectiviteId }: { collectiviteId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const bodyId = useId();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [missing, setMissing] = useState(false);
  // The answer being rewritten (the form above then saves it instead of publishing a new one).
  const [editingId, setEditingId] = useState<string>();
  const titleRef = useRef<HTMLInputElement>(null);
  const list = useQuery({ queryKey: supportKeys.knowledge(collectiviteId), queryFn: () => supportApi.knowledge(collectiviteId) });
  const mutation = useMutation({
    mutationFn: (_kind: 'edit' | 'publish') => {
      const answer = { title: title.trim(), body: body.trim() };
      return editingId ? supportApi.editAnswer(editingId, answer) : supportApi.publish(collectiviteId, answer);
    },
    onSuccess: () => {
      setEditingId(undefined);
      setTitle('');
      setBody('');
      void queryClient.invalidateQueries({ queryKey: supportKeys.knowledge(collectiviteId) });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const ok = Boolean(title.trim() && body.trim());
    setMissing(!ok);
    if (ok) mutation.mutate(editingId ? 'edit' : 'publish');
  };
  return (
    <Card title={t('support.knowledge')}>
      <p>{t('support.knowledgeHelp')}</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField label={t('support.knowledgeTitle')} inputRef={titleRef} maxLength={120} value={title} onChange={setTitle} />
        <div className="field">
          <label className="field__label" htmlFor={bodyId}>
            {t('support.knowledgeBody')}
          </label>
          <textarea id={bodyId} className="field__input" rows={3} maxLength={4000} value={body} onChange={(event) => setBody(event.target.value)} />
        </div>
        <LiveRegion>
          {missing ? <p className="field__error">{t('support.knowledgeMissing')}</p> : null}
          {mutation.isSuccess ? <Alert tone="success"><p>{mutation.variables === 'edit' ? t('support.knowledgeSaved') : t('support.knowledgePublished')}</p></Alert> : null}
          <ErrorAlert error={mutation.isError ? mutation.error : undefined} />
        </LiveRegion>
        <div className="form__actions">
          {editingId ? (
            <Button
              variant="secondary"
              onPress={() => {
                setEditingId(undefined);
                setTitle('');
                setBody('');
              }}
            >
              {t('common.cancel')}
            </Button>
          ) : null}
          <Button type="submit" isPending={mutation.isPending}>
            {editingId ? t('support.knowledgeSave') : t('support.knowledgePublish')}
          </Button>
        </div>
      </form>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState>
          <p>{t('support.knowledgeEmpty')}</p>
        </EmptyState>
      ) : (
        <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
          {list.data.items.map((answer) => (
            <li key={answer.id}>
              <details>
                <summary>{answer.title}</summary>
                <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{answer.body}</p>
                <Button
                  variant="secondary"
                  onPress={() => {
                    mutation.reset();
                    setEditingId(answer.id);
                    setTitle(answer.title);
                    setBody(answer.body);
                    titleRef.current?.focus();
                  }}
                >
                  {t('support.knowledgeEdit')}
                </Button>
              </details>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** The technician's visits to come, soonest first. */
function AgendaCard() {
  const { t, i18n } = useTranslation();
  const query = useQuery({ queryKey: supportKeys.agenda, queryFn: () => supportApi.agenda() });
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'full', timeStyle: 'short' });
  return (
    <Card title={t('support.agenda')}>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <EmptyState>
          <p>{t('support.agendaEmpty')}</p>
        </EmptyState>
      ) : (
        <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
          {query.data.items.map((visit) => (
            <li key={visit.id} className="card">
              <p>
                <strong>{when(visit.startsAt)}</strong>
              </p>
              <Link to={`/support/tickets/${visit.ticketId}`}>{visit.ticketTitle}</Link>
              <p className="muted">{[visit.structureName, visit.room, visit.equipment?.name, visit.note].filter(Boolean).join(' · ')}</p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
