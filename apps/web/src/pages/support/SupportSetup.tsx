import { type SupportTarget, type Team, ticketPriorities } from '@preau/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/admin-api.ts';
import { supportApi, supportKeys } from '../../api/support-api.ts';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { CheckboxField } from '../../components/CheckboxField.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { TextField } from '../../components/TextField.tsx';

/**
 * The support set-up, on /support for admins: the ADML (or ADMC) lets his structure's students report faults or
 * not; the ADMC sees his technicians and takes the role back, composes the teams per area (their schools and
 * technicians) and sets the targets per priority. The server decides who may (support.configure); these cards only
 * show for the admin roles the session carries.
 */

/** ADML: whether the structure's students may report faults. */
export function StudentsSettingCard({ structureId, structureName }: { structureId: string; structureName: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = [...supportKeys.all, 'settings', structureId];
  const settings = useQuery({ queryKey: key, queryFn: () => supportApi.settings(structureId) });
  // The box follows the click at once (the server's answer confirms it, or a refusal puts it back).
  const [chosen, setChosen] = useState<boolean>();
  const save = useMutation({
    mutationFn: (studentsMayReport: boolean) => supportApi.setSettings(structureId, { studentsMayReport }),
    onSuccess: (next) => queryClient.setQueryData(key, next),
    onError: () => setChosen(undefined),
  });
  return (
    <Card title={t('support.setup.studentsTitle', { structure: structureName })}>
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <>
          <p className="muted">{t('support.setup.studentsHelp')}</p>
          <CheckboxField
            label={t('support.setup.studentsMayReport')}
            checked={chosen ?? settings.data.studentsMayReport}
            onChange={(value) => {
              setChosen(value);
              save.mutate(value);
            }}
          />
          <LiveRegion>
            {save.isSuccess ? <p>{save.data.studentsMayReport ? t('support.setup.studentsAllowed') : t('support.setup.studentsRefused')}</p> : null}
            <ErrorAlert error={save.isError ? save.error : undefined} />
          </LiveRegion>
        </>
      )}
    </Card>
  );
}

const hours = (minutes: number) => String(Math.round((minutes / 60) * 100) / 100);

/** ADMC: hours to take a ticket into account and to resolve it, per priority (for tickets opened from now on). */
export function TargetsCard({ collectiviteId }: { collectiviteId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = [...supportKeys.all, 'targets', collectiviteId];
  const targets = useQuery({ queryKey: key, queryFn: () => supportApi.targets(collectiviteId) });
  const [draft, setDraft] = useState<Record<string, { take: string; resolve: string }>>({});
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (next: SupportTarget[]) => supportApi.setTargets(collectiviteId, next),
    onSuccess: (next) => {
      queryClient.setQueryData(key, next);
      setDraft({});
    },
  });
  const current = (priority: string) => {
    const target = targets.data?.targets.find((x) => x.priority === priority);
    return draft[priority] ?? { take: target ? hours(target.takeMinutes) : '', resolve: target ? hours(target.resolveMinutes) : '' };
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next = ticketPriorities.map((priority) => {
      const value = current(priority);
      return { priority, takeMinutes: Math.round(Number(value.take.replace(',', '.')) * 60), resolveMinutes: Math.round(Number(value.resolve.replace(',', '.')) * 60) };
    });
    const bad = next.some((x) => !Number.isFinite(x.takeMinutes) || !Number.isFinite(x.resolveMinutes) || x.takeMinutes < 1 || x.resolveMinutes < 1);
    setInvalid(bad);
    if (!bad) save.mutate(next);
  };
  return (
    <Card title={t('support.setup.targetsTitle')}>
      {targets.isPending ? (
        <Loading />
      ) : targets.isError ? (
        <QueryError error={targets.error} onRetry={() => void targets.refetch()} />
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate aria-label={t('support.setup.targetsTitle')}>
          <p className="muted">{t('support.setup.targetsHelp')}</p>
          {[...ticketPriorities].reverse().map((priority) => (
            <fieldset key={priority} className="fieldset">
              <legend>{t(`support.priorities.${priority}`)}</legend>
              <TextField
                label={t('support.setup.takeHours')}
                inputMode="decimal"
                value={current(priority).take}
                onChange={(take) => setDraft({ ...draft, [priority]: { ...current(priority), take } })}
                error={invalid ? t('support.setup.hoursInvalid') : undefined}
              />
              <TextField
                label={t('support.setup.resolveHours')}
                inputMode="decimal"
                value={current(priority).resolve}
                onChange={(resolve) => setDraft({ ...draft, [priority]: { ...current(priority), resolve } })}
                error={invalid ? t('support.setup.hoursInvalid') : undefined}
              />
            </fieldset>
          ))}
          <LiveRegion>
            {save.isSuccess ? <p>{t('support.setup.targetsSaved')}</p> : null}
            <ErrorAlert error={save.isError ? save.error : undefined} />
          </LiveRegion>
          <div className="form__actions">
            <Button type="submit" isPending={save.isPending}>
              {t('support.setup.saveTargets')}
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}

/** ADMC: his technicians (the role is taken back after a confirmation) and his teams per area. */
export function TeamsCard({ collectiviteId }: { collectiviteId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const techKey = [...supportKeys.all, 'technicians', collectiviteId];
  const teamKey = [...supportKeys.all, 'teams', collectiviteId];
  const technicians = useQuery({ queryKey: techKey, queryFn: () => supportApi.technicians(collectiviteId) });
  const teams = useQuery({ queryKey: teamKey, queryFn: () => supportApi.teams(collectiviteId) });
  const [revoking, setRevoking] = useState<{ id: string; name: string }>();
  const revoke = useMutation({
    mutationFn: (accountId: string) => supportApi.revokeTechnician(collectiviteId, accountId),
    onSuccess: (next) => {
      queryClient.setQueryData(techKey, next);
      void queryClient.invalidateQueries({ queryKey: teamKey });
      setRevoking(undefined);
    },
  });
  const [editing, setEditing] = useState<Team | 'new'>();
  return (
    <>
      <Card title={t('support.setup.techniciansTitle')}>
        {technicians.isPending ? (
          <Loading />
        ) : technicians.isError ? (
          <QueryError error={technicians.error} onRetry={() => void technicians.refetch()} />
        ) : technicians.data.items.length === 0 ? (
          <EmptyState>
            <p>{t('support.setup.noTechnician')}</p>
          </EmptyState>
        ) : (
          <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
            {technicians.data.items.map((tech) => (
              <li key={tech.id} className="form__actions" style={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
                <span>{tech.name}</span>
                <Button variant="secondary" onPress={() => setRevoking(tech)}>
                  {t('support.setup.revoke', { name: tech.name })}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('support.setup.teamsTitle')}>
        {teams.isPending ? (
          <Loading />
        ) : teams.isError ? (
          <QueryError error={teams.error} onRetry={() => void teams.refetch()} />
        ) : (
          <>
            {teams.data.items.length === 0 ? (
              <EmptyState>
                <p>{t('support.setup.noTeam')}</p>
              </EmptyState>
            ) : (
              <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
                {teams.data.items.map((team) => (
                  <li key={team.id} className="card">
                    <h3>{team.name}</h3>
                    <p>{t('support.setup.teamSchools', { schools: team.structures.map((s) => s.name).join(', ') || '—' })}</p>
                    <p>{t('support.setup.teamTechnicians', { technicians: team.technicians.map((x) => x.name).join(', ') || '—' })}</p>
                    <Button variant="secondary" onPress={() => setEditing(team)}>
                      {t('support.setup.editTeam', { name: team.name })}
                    </Button>
                  </li>
                ))}
              </ul>
            )}
            <div className="form__actions">
              <Button onPress={() => setEditing('new')}>{t('support.setup.newTeam')}</Button>
            </div>
          </>
        )}
      </Card>
      {revoking ? (
        <ModalDialog isOpen role="alertdialog" onOpenChange={(open) => (open ? undefined : setRevoking(undefined))} title={t('support.setup.revokeTitle', { name: revoking.name })}>
          <p>{t('support.setup.revokeWarning')}</p>
          <ErrorAlert error={revoke.isError ? revoke.error : undefined} />
          <div className="form__actions">
            <Button variant="secondary" onPress={() => setRevoking(undefined)}>
              {t('common.cancel')}
            </Button>
            <Button variant="danger" isPending={revoke.isPending} onPress={() => revoke.mutate(revoking.id)}>
              {t('support.setup.revokeConfirm')}
            </Button>
          </div>
        </ModalDialog>
      ) : null}
      {editing ? (
        <TeamDialog
          collectiviteId={collectiviteId}
          team={editing === 'new' ? undefined : editing}
          technicians={technicians.data?.items ?? []}
          onClose={() => setEditing(undefined)}
          onSaved={(next) => {
            queryClient.setQueryData(teamKey, next);
            setEditing(undefined);
          }}
        />
      ) : null}
    </>
  );
}

/** A team's name, schools (searched by name, city or UAI) and technicians. */
function TeamDialog({
  collectiviteId,
  team,
  technicians,
  onClose,
  onSaved,
}: {
  collectiviteId: string;
  team: Team | undefined;
  technicians: Array<{ id: string; name: string }>;
  onClose: () => void;
  onSaved: (next: Awaited<ReturnType<typeof supportApi.teams>>) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(team?.name ?? '');
  const [schools, setSchools] = useState(team?.structures ?? []);
  const [members, setMembers] = useState(new Set(team?.technicians.map((x) => x.id) ?? []));
  const [q, setQ] = useState('');
  const found = useQuery({ queryKey: ['admin', 'structures', 'search', q], queryFn: () => adminApi.searchStructures(q, 10), enabled: q.trim().length >= 2 });
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), structureIds: schools.map((s) => s.id), technicianIds: [...members] };
      return team ? supportApi.updateTeam(team.id, body) : supportApi.createTeam(collectiviteId, body);
    },
    onSuccess: onSaved,
  });
  return (
    <ModalDialog isOpen onOpenChange={(open) => (open ? undefined : onClose())} title={team ? t('support.setup.editTeam', { name: team.name }) : t('support.setup.newTeam')}>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <TextField label={t('support.setup.teamName')} isRequired maxLength={80} value={name} onChange={setName} />
        <fieldset className="fieldset">
          <legend>{t('support.setup.teamSchoolsLegend')}</legend>
          {schools.length === 0 ? <p className="muted">{t('support.setup.noSchool')}</p> : null}
          <ul style={{ listStyle: 'none', padding: 0 }}>
            {schools.map((school) => (
              <li key={school.id}>
                {school.name}{' '}
                <Button variant="secondary" onPress={() => setSchools(schools.filter((s) => s.id !== school.id))}>
                  {t('support.setup.removeSchool', { name: school.name })}
                </Button>
              </li>
            ))}
          </ul>
          <TextField label={t('support.setup.searchSchool')} value={q} onChange={setQ} />
          <ul style={{ listStyle: 'none', padding: 0 }}>
            {(found.data?.items ?? [])
              .filter((s) => !schools.some((x) => x.id === s.id))
              .map((s) => (
                <li key={s.id}>
                  <Button variant="secondary" onPress={() => setSchools([...schools, { id: s.id, name: s.name }])}>
                    {t('support.setup.addSchool', { name: s.name })}
                  </Button>
                </li>
              ))}
          </ul>
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('support.setup.teamTechniciansLegend')}</legend>
          {technicians.length === 0 ? <p className="muted">{t('support.setup.noTechnician')}</p> : null}
          {technicians.map((tech) => (
            <CheckboxField
              key={tech.id}
              label={tech.name}
              checked={members.has(tech.id)}
              onChange={(checked) => {
                const next = new Set(members);
                if (checked) next.add(tech.id);
                else next.delete(tech.id);
                setMembers(next);
              }}
            />
          ))}
        </fieldset>
        <ErrorAlert error={save.isError ? save.error : undefined} />
        <div className="form__actions">
          <Button variant="secondary" onPress={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" isPending={save.isPending}>
            {t('support.setup.saveTeam')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
