import { randomUUID } from 'node:crypto';
import {
  type ImportAction,
  type ImportCounts,
  type ImportEntityType,
  type ImportFileReport,
  type ImportProgress,
  type ImportRejection,
  type ImportReport,
  importActions,
  importEntityTypes,
} from '@preau/contracts';
import type { Transaction } from 'kysely';
import type { DB } from '../../../platform/db/database.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { isUniqueViolation } from '../../../platform/errors.ts';
import { normalizeForSearch, personSearchKey } from '../../../platform/search-key.ts';
import { newActivationCode } from '../../../platform/tokens.ts';
import { lockLoginAllocation } from '../../admin/login-generator.ts';
import { LoginAllocator } from './aaf-logins.ts';
import { type Digest, type Item, preparedBatches, RecordPreparer, rejectionOf } from './aaf-prepare.ts';
import { PrepareThread } from './aaf-prepare-thread.ts';
import { AafFileError } from './aaf-reader.ts';
import {
  type AccountWrite,
  blockLeavers,
  clearAbandonedSeen,
  clearSeen,
  deferAccountReferences,
  ensureSubjects,
  findAccountsByKey,
  findStoredRecords,
  findStructuresByKey,
  findStructuresByUaiOrKey,
  insertAccounts,
  insertStructure,
  linkParents,
  markAbsentLeaving,
  markLeaving,
  markSeen,
  noteParentMemberships,
  purgeLeavers,
  recomputeParentMemberships,
  replaceMemberships,
  replaceRelations,
  syncLinksOfStudents,
  syncPrincipals,
  syncTeachings,
  updateAccounts,
  updateStructure,
  upsertGroupsOf,
  upsertMefs,
  type StoredRecordWrite,
  upsertStoredRecords,
  upsertSubjects,
} from './aaf-import.repository.ts';
import {
  type Attrs,
  attrsOf,
  entityOfFile,
  keyOf,
  type MefEntity,
  type PersonEntity,
  Rejection,
  type StructureEntity,
  type SubjectEntity,
} from './aaf-records.ts';
import type { AafImportSettings } from './aaf-settings.ts';
import type { AafSource } from './aaf-sources.ts';
import { isOutsideCollectivite } from '../import-tenant.ts';

/**
 * The AAF import engine: reads the files in order, in batches; each batch is
 * one transaction that looks up the rows it needs by key, skips records whose
 * content hash is unchanged, and writes the rest with multi-row statements.
 * Memory holds one batch, the report's counters and rejections, and the set of
 * structures the complet files cover — never a whole file or the directory.
 */

export interface ImportRunInput {
  jobId: string;
  sources: AafSource[];
  ignored: string[];
  settings: AafImportSettings;
  dryRun: boolean;
  now(): number;
  /** Progress of the run; `trx` is the batch's transaction (absent in a dry run). */
  onProgress(progress: ImportProgress, trx: Transaction<Database> | undefined): Promise<void>;
  /** True: records are parsed and prepared in a worker thread rather than this one (PROVISIONING_IMPORT_THREAD). */
  prepareThread?: boolean;
  /** Accounts just blocked (their sessions must end). */
  onBlocked(accountIds: string[]): Promise<void>;
}

interface ResolvedState {
  key: string;
  jointure: string;
  op: 'upsert' | 'delete';
  /** The attributes of the state, unless it is an addRequest's own: then `item.pre` holds them, as JSON. */
  attrs: Attrs | undefined;
  item: Item;
}

type Counts = Record<ImportEntityType, Record<ImportAction, number>>;
const personKinds: ImportEntityType[] = ['STAFF', 'STUDENT', 'PARENT'];

function emptyCounts(): Counts {
  return Object.fromEntries(importEntityTypes.map((t) => [t, Object.fromEntries(importActions.map((a) => [a, 0]))])) as Counts;
}

/** What one batch did, merged into the report only once its transaction commits. */
class BatchOutcome {
  counts = emptyCounts();
  rejections: ImportRejection[] = [];
  coveredStructures = new Set<string>();
  count(kind: ImportEntityType, action: ImportAction, n = 1) {
    this.counts[kind][action] += n;
  }
  reject(kind: ImportEntityType, item: Item, jointure: string, error: unknown) {
    if (!(error instanceof Rejection)) throw error;
    this.counts[kind].rejected++;
    this.rejections.push({ file: item.file, line: item.rec.line, jointure, reason: error.reason, detail: error.detail });
  }
}

class RollbackDryRun extends Error {}

/** Runs an import to its end and returns its report. Throws only on database failures. */
export async function runAafImport(db: DB, input: ImportRunInput): Promise<ImportReport> {
  const run = new ImportRun(db, input);
  return run.execute();
}

class ImportRun {
  private readonly settings: AafImportSettings;
  private readonly counts = emptyCounts();
  private readonly rejections: ImportRejection[] = [];
  private rejectionsNotListed = 0;
  private readonly covered = new Set<string>();
  private readonly files: ImportFileReport[];
  private readonly preparer: RecordPreparer;
  private lifecycle = { blocked: 0, purged: 0 };
  private dryTrx: Transaction<Database> | undefined;
  private readonly logins = new LoginAllocator();
  private readonly startedAt: string;

  constructor(
    private readonly db: DB,
    private readonly input: ImportRunInput,
  ) {
    this.settings = input.settings;
    this.preparer = new RecordPreparer(input.settings);
    this.startedAt = new Date(input.now()).toISOString();
    this.files = input.sources.map((s) => ({
      name: s.name,
      type: s.type,
      mode: s.mode,
      records: 0,
      status: 'PENDING',
      error: null,
      errorLine: null,
      appliedBeforeError: null,
    }));
  }

  async execute(): Promise<ImportReport> {
    const staleBefore = new Date(this.input.now() - 60_000);
    await clearSeen(this.db, this.input.jobId);
    await clearAbandonedSeen(this.db, staleBefore).catch(() => undefined);
    if (this.input.dryRun) {
      try {
        await this.db.transaction().execute(async (trx) => {
          this.dryTrx = trx;
          await this.readAll();
          await this.departures();
          throw new RollbackDryRun();
        });
      } catch (error) {
        if (!(error instanceof RollbackDryRun)) throw error;
      }
      this.dryTrx = undefined;
    } else {
      await this.readAll();
      await this.departures();
      await clearSeen(this.db, this.input.jobId);
    }
    await this.input.onProgress(this.progress('DONE'), undefined);
    return this.report();
  }

  private progress(phase: ImportProgress['phase']): ImportProgress {
    return { phase, files: this.files.map((f) => ({ name: f.name, type: f.type, records: f.records, status: f.status })) };
  }

  /** Runs one step in its own transaction (or in the dry run's), retrying once a concurrent login creation collides. */
  private async step(work: (trx: Transaction<Database>, outcome: BatchOutcome) => Promise<void>): Promise<BatchOutcome> {
    for (let attempt = 1; ; attempt++) {
      const outcome = new BatchOutcome();
      try {
        if (this.dryTrx) await work(this.dryTrx, outcome);
        else await this.db.transaction().execute((trx) => work(trx, outcome));
        this.merge(outcome);
        return outcome;
      } catch (error) {
        // The logins handed out in the rolled back transaction were not given after all.
        this.logins.reset();
        if (!this.dryTrx && attempt < 3 && isUniqueViolation(error, 'accounts_login_key')) continue;
        throw error;
      }
    }
  }

  private merge(outcome: BatchOutcome) {
    outcome.rejections.sort((a, b) => a.line - b.line);
    for (const kind of importEntityTypes) for (const action of importActions) this.counts[kind][action] += outcome.counts[kind][action];
    for (const rejection of outcome.rejections) {
      if (this.rejections.length < this.settings.maxRejectionsListed) this.rejections.push(rejection);
      else this.rejectionsNotListed++;
    }
    for (const id of outcome.coveredStructures) this.covered.add(id);
  }

  private async readAll(): Promise<void> {
    const thread = this.input.prepareThread ? new PrepareThread(this.settings) : undefined;
    const batchesOf = (source: AafSource) =>
      thread ? thread.batches(source, this.settings.batchSize) : preparedBatches(this.preparer, source, this.settings.batchSize);
    try {
      for (const [index, source] of this.input.sources.entries()) await this.readSource(batchesOf(source), source, this.files[index]!);
    } finally {
      await thread?.close();
    }
  }

  private async readSource(batches: AsyncGenerator<Item[]>, source: AafSource, file: ImportFileReport): Promise<void> {
    file.status = 'PENDING';
    // One batch is applied while the worker thread reads and prepares the next
    // ones (the database and both cores work at the same time); batches still
    // commit one after the other, in file order.
    let inFlight: Promise<unknown> = Promise.resolve();
    const apply = async (items: Item[]) => {
      await inFlight;
      const applied = this.step(async (trx, outcome) => {
        await this.applyBatch(trx, source, items, outcome);
        await this.input.onProgress(this.progress('READING'), this.dryTrx ? undefined : trx);
      });
      applied.catch(() => undefined); // awaited by the next batch; not an unhandled rejection meanwhile
      inFlight = applied;
    };
    try {
      for await (const items of batches) {
        file.records += items.length;
        await apply(items);
      }
      await inFlight;
      file.status = 'DONE';
    } catch (error) {
      if (!(error instanceof AafFileError)) {
        await inFlight.catch(() => undefined);
        throw error;
      }
      // The records read before the error are applied (each batch commits), so the report says so.
      await inFlight;
      file.status = 'FAILED';
      file.error = error.message;
      file.errorLine = error.line;
      file.appliedBeforeError = this.input.dryRun ? 'NONE_APPLIED' : 'EARLIER_APPLIED';
    }
  }

  private async applyBatch(trx: Transaction<Database>, source: AafSource, items: Item[], outcome: BatchOutcome) {
    const kind = entityOfFile[source.type];
    const states = await this.resolve(trx, kind, items, outcome);
    switch (kind) {
      case 'STRUCTURE':
        return this.applyStructures(trx, source, states, outcome);
      case 'SUBJECT':
      case 'MEF':
        return this.applyReference(trx, kind, states, outcome);
      default:
        return this.applyPersons(trx, source, kind, states, outcome);
    }
  }

  /**
   * Turns a batch of requests into one final state per key: duplicates of an
   * addRequest are rejected, a modifyRequest replaces attributes of the state
   * before it (in this batch or as last applied), a deleteRequest ends it.
   */
  private async resolve(trx: Transaction<Database>, kind: ImportEntityType, items: Item[], outcome: BatchOutcome) {
    const keyed: { item: Item; key: string; jointure: string }[] = [];
    for (const item of items) {
      if (item.key !== undefined) keyed.push({ item, key: item.key, jointure: item.jointure! });
      else outcome.reject(kind, item, item.rec.id, rejectionOf(item.keyRejection!));
    }
    const addKeys = [...new Set(keyed.filter((k) => k.item.rec.op === 'add').map((k) => k.key))];
    const fresh = await markSeen(trx, this.input.jobId, kind, addKeys);
    const modifyKeys = [...new Set(keyed.filter((k) => k.item.rec.op === 'modify').map((k) => k.key))];
    const stored = await findStoredRecords(trx, kind, [...new Set(keyed.map((k) => k.key))], modifyKeys);
    const states = new Map<string, ResolvedState>();
    const addedHere = new Set<string>();
    for (const { item, key, jointure } of keyed) {
      const previous = states.get(key);
      try {
        if (item.rec.op === 'add') {
          if (!fresh.has(key) || addedHere.has(key)) throw new Rejection('DUPLICATED_JOINTURE', null);
          addedHere.add(key);
          states.set(key, { key, jointure, op: 'upsert', attrs: undefined, item });
        } else if (item.rec.op === 'modify') {
          const base = !previous
            ? (stored.get(key)?.attrs ?? undefined)
            : previous.op === 'delete'
              ? undefined
              : (previous.attrs ?? (JSON.parse(previous.item.pre!.json) as Attrs));
          if (!base) throw new Rejection('UNKNOWN_JOINTURE', null);
          states.set(key, { key, jointure, op: 'upsert', attrs: attrsOf(new Map([...Object.entries(base), ...item.rec.attributes])), item });
        } else {
          // Whether the key is known is settled against the directory itself.
          states.set(key, { key, jointure, op: 'delete', attrs: undefined, item });
        }
      } catch (error) {
        outcome.reject(kind, item, jointure, error);
      }
    }
    return { states: [...states.values()], stored };
  }

  /** The entity of a state and its digest: prepared when the state is its record's own attributes, computed here otherwise (a modifyRequest). */
  private parsed<T>(kind: ImportEntityType, state: ResolvedState): { entity: T } & Digest {
    const pre = state.item.pre;
    if (state.attrs === undefined && pre) {
      if (pre.rejection) throw rejectionOf(pre.rejection);
      return { entity: pre.entity as T, json: pre.json, hash: pre.hash };
    }
    return { entity: this.preparer.parseEntity(kind, state.jointure, state.attrs!) as T, ...this.preparer.digestOf(kind, state.attrs!) };
  }

  private async applyStructures(
    trx: Transaction<Database>,
    source: AafSource,
    { states, stored }: Awaited<ReturnType<ImportRun['resolve']>>,
    outcome: BatchOutcome,
  ) {
    const parsed: ({ state: ResolvedState; entity: StructureEntity } & Digest)[] = [];
    for (const state of states) {
      try {
        if (state.op === 'delete') throw new Rejection('UNSUPPORTED_REQUEST', 'deleteRequest');
        parsed.push({ state, ...this.parsed<StructureEntity>('STRUCTURE', state) });
      } catch (error) {
        outcome.reject('STRUCTURE', state.item, state.jointure, error);
      }
    }
    const existing = await findStructuresByUaiOrKey(trx, parsed.map((p) => p.entity.uai), parsed.map((p) => p.state.key));
    const byKey = new Map(existing.filter((s) => s.external_id).map((s) => [s.external_id!, s]));
    const byUai = new Map(existing.map((s) => [s.uai, s]));
    const records: StoredRecordWrite[] = [];
    const groupRows: { classes: Parameters<typeof upsertGroupsOf>[3]; groups: Parameters<typeof upsertGroupsOf>[3] } = { classes: [], groups: [] };
    const { collectiviteId } = this.settings;
    for (const { state, entity, hash, json } of parsed) {
      let row = byKey.get(state.key);
      const holder = byUai.get(entity.uai);
      // Another collectivité's structure, named by its key or by its UAI: not this import's to write.
      const foreign = [row && ['ENTStructureJointure', row] as const, holder && ['ENTStructureUAI', holder] as const].find(
        (found) => found && isOutsideCollectivite(collectiviteId, found[1].collectivite_id),
      );
      if (foreign) {
        outcome.reject('STRUCTURE', state.item, state.jointure, new Rejection('STRUCTURE_OF_ANOTHER_COLLECTIVITE', foreign[0]));
        continue;
      }
      if (holder && holder.id !== row?.id && holder.external_id !== null) {
        outcome.reject('STRUCTURE', state.item, state.jointure, new Rejection('UAI_TAKEN', 'ENTStructureUAI'));
        continue;
      }
      if (row && stored.get(state.key)?.hash === hash) {
        outcome.count('STRUCTURE', 'unchanged');
        if (source.mode === 'COMPLET') outcome.coveredStructures.add(row.id);
        continue;
      }
      const values = { uai: entity.uai, name: entity.name, type: entity.type, city: entity.city, external_id: state.key };
      if (row) {
        await updateStructure(trx, row.id, values);
        outcome.count('STRUCTURE', 'updated');
      } else if (holder) {
        // A structure an admin of this collectivité created before the AAF knew it: adopted, same id.
        await updateStructure(trx, holder.id, values);
        row = { ...holder, external_id: state.key };
        outcome.count('STRUCTURE', 'updated');
      } else {
        row = await insertStructure(trx, { ...values, collectivite_id: collectiviteId });
        outcome.count('STRUCTURE', 'created');
      }
      byUai.set(entity.uai, row);
      if (source.mode === 'COMPLET') outcome.coveredStructures.add(row.id);
      for (const c of entity.classes) groupRows.classes.push({ structureId: row.id, code: c.code, name: c.name, searchKey: normalizeForSearch(`${c.name} ${c.code}`) });
      for (const g of entity.groups) groupRows.groups.push({ structureId: row.id, code: g.code, name: g.name, searchKey: normalizeForSearch(`${g.name} ${g.code}`) });
      records.push({ key: state.key, hash, json, targetId: row.id });
    }
    await upsertGroupsOf(trx, 'classes', this.settings.schoolYear, groupRows.classes, { updateNames: true });
    await upsertGroupsOf(trx, 'groups', this.settings.schoolYear, groupRows.groups, { updateNames: true });
    await upsertStoredRecords(trx, 'STRUCTURE', collectiviteId, records);
  }

  private async applyReference(
    trx: Transaction<Database>,
    kind: 'SUBJECT' | 'MEF',
    { states, stored }: Awaited<ReturnType<ImportRun['resolve']>>,
    outcome: BatchOutcome,
  ) {
    const subjects: SubjectEntity[] = [];
    const mefs: MefEntity[] = [];
    const records: StoredRecordWrite[] = [];
    for (const state of states) {
      try {
        if (state.op === 'delete') throw new Rejection('UNSUPPORTED_REQUEST', 'deleteRequest');
        const { entity, hash, json } = this.parsed<SubjectEntity | MefEntity>(kind, state);
        const before = stored.get(state.key);
        if (before?.hash === hash) {
          outcome.count(kind, 'unchanged');
          continue;
        }
        if (kind === 'SUBJECT') subjects.push(entity);
        else mefs.push(entity as MefEntity);
        records.push({ key: state.key, hash, json, targetId: null });
        outcome.count(kind, before ? 'updated' : 'created');
      } catch (error) {
        outcome.reject(kind, state.item, state.jointure, error);
      }
    }
    await upsertSubjects(trx, subjects);
    await upsertMefs(trx, mefs);
    await upsertStoredRecords(trx, kind, this.settings.collectiviteId, records);
  }

  private async applyPersons(
    trx: Transaction<Database>,
    source: AafSource,
    kind: ImportEntityType,
    { states, stored }: Awaited<ReturnType<ImportRun['resolve']>>,
    outcome: BatchOutcome,
  ) {
    const { academy, schoolYear, collectiviteId } = this.settings;
    const accounts = await findAccountsByKey(trx, states.map((s) => s.key));
    const profilesOfKind: Record<string, string[]> = { STUDENT: ['ELEVE'], PARENT: ['PARENT'], STAFF: ['ENSEIGNANT', 'PERSONNEL', 'COLLECTIVITE'] };
    // An account is written only through a record of its own kind, and only when that record is this collectivité's.
    const refusal = (state: ResolvedState): Rejection | undefined => {
      const account = accounts.get(state.key);
      if (account && !profilesOfKind[kind]!.includes(account.profile)) return new Rejection('PROFILE_CONFLICT', account.profile);
      if (isOutsideCollectivite(collectiviteId, stored.get(state.key)?.collectivite_id)) return new Rejection('ACCOUNT_OF_ANOTHER_COLLECTIVITE', null);
      return undefined;
    };

    // Deletions: the account starts to leave; nothing else changes until the grace period ends.
    const deletions = states.filter((s) => s.op === 'delete');
    const leavingIds: string[] = [];
    for (const state of deletions) {
      const account = accounts.get(state.key);
      const refused = account ? refusal(state) : new Rejection('UNKNOWN_JOINTURE', null);
      if (refused) outcome.reject(kind, state.item, state.jointure, refused);
      else {
        if (!account!.leaving_at) leavingIds.push(account!.id);
        outcome.count(kind, 'deleted');
      }
    }
    await markLeaving(trx, leavingIds, new Date(this.input.now()));

    const parsed: ({ state: ResolvedState; entity: PersonEntity } & Digest)[] = [];
    for (const state of states) {
      if (state.op !== 'upsert') continue;
      try {
        const refused = refusal(state);
        if (refused) throw refused;
        parsed.push({ state, ...this.parsed<PersonEntity>(kind, state) });
      } catch (error) {
        outcome.reject(kind, state.item, state.jointure, error);
      }
    }

    // The structures of the classes a teacher is professeur principal of too (they are usually among his others).
    const structureJointures = (entity: PersonEntity) => [...entity.structures, ...entity.principals.map((r) => r.structure)];
    const structures = await findStructuresByKey(trx, [...new Set(parsed.flatMap((p) => structureJointures(p.entity).map((s) => keyOf(academy, s))))]);
    const structureOf = (jointure: string) => structures.get(keyOf(academy, jointure))?.id;
    const changed: ({ state: ResolvedState; entity: PersonEntity; action: 'created' | 'updated' | 'restored' } & Digest)[] = [];
    for (const p of parsed) {
      const foreign = structureJointures(p.entity).find((s) => isOutsideCollectivite(collectiviteId, structures.get(keyOf(academy, s))?.collectivite_id));
      if (foreign !== undefined) {
        outcome.reject(kind, p.state.item, p.state.jointure, new Rejection('STRUCTURE_OF_ANOTHER_COLLECTIVITE', foreign));
        continue;
      }
      const known = p.entity.structures.filter((s) => structureOf(s));
      if (p.entity.attachmentRequired ? !structureOf(p.entity.structures[0]!) : kind === 'STAFF' && known.length === 0) {
        outcome.reject(kind, p.state.item, p.state.jointure, new Rejection('UNKNOWN_STRUCTURE', p.entity.structures[0] ?? 'ENTPersonStructRattach'));
        continue;
      }
      if (source.mode === 'COMPLET') for (const s of known) outcome.coveredStructures.add(structureOf(s)!);
      const account = accounts.get(p.state.key);
      if (!account) changed.push({ ...p, action: 'created' });
      else if (account.leaving_at) changed.push({ ...p, action: 'restored' });
      else if (stored.get(p.state.key)?.hash !== p.hash) changed.push({ ...p, action: 'updated' });
      else outcome.count(kind, 'unchanged');
    }
    if (changed.length === 0) return;

    const writes = (list: typeof changed): AccountWrite[] =>
      list.map(({ state, entity }) => ({
        id: accounts.get(state.key)?.id,
        key: state.key,
        firstName: entity.firstName,
        lastName: entity.lastName,
        searchKey: personSearchKey(entity.firstName, entity.lastName),
        profile: entity.profile,
        staffFunction: entity.staffFunction,
        email: entity.email,
      }));
    // New accounts get their ids now and their rows at the end of the batch (insertNewAccounts).
    const newWrites = writes(changed.filter((c) => c.action === 'created')).map((w) => ({ ...w, id: randomUUID() }));
    const newIds = new Map(newWrites.map((w) => [w.key, w.id]));
    // Given with their memberships, written before them: the database then has nothing to fill in when they are inserted.
    const newSearchKeys = new Map<string, string>(newWrites.map((w) => [w.id, w.searchKey]));
    if (newWrites.length > 0) await deferAccountReferences(trx);
    await updateAccounts(trx, writes(changed.filter((c) => c.action !== 'created')));
    const idOf = (key: string) => newIds.get(key) ?? accounts.get(key)!.id;
    for (const c of changed) outcome.count(kind, c.action);
    const ids = changed.map((c) => idOf(c.state.key));
    // Accounts just created have no memberships, teachings, professeur principal roles or links yet: nothing to clear for them.
    const existingIds = changed.filter((c) => c.action !== 'created').map((c) => idOf(c.state.key));
    const pairs = changed.map((c) => ({ id: idOf(c.state.key), key: c.state.key }));

    if (kind !== 'PARENT') {
      const refKey = (structureId: string, code: string) => `${structureId}$${code}`;
      const groupRows = (refs: { structure: string; code: string }[]) =>
        refs.filter((r) => structureOf(r.structure)).map((r) => ({ structureId: structureOf(r.structure)!, code: r.code, name: r.code, searchKey: normalizeForSearch(r.code) }));
      const classIds = await upsertGroupsOf(
        trx, 'classes', schoolYear,
        groupRows(changed.flatMap((c) => [...c.entity.classes, ...c.entity.teachings.filter((t) => t.target === 'class').map((t) => t.ref), ...c.entity.principals])),
        { updateNames: false },
      );
      const groupIds = await upsertGroupsOf(
        trx, 'groups', schoolYear,
        groupRows(changed.flatMap((c) => [...c.entity.groups, ...c.entity.teachings.filter((t) => t.target === 'group').map((t) => t.ref)])),
        { updateNames: false },
      );
      const classOf = (r: { structure: string; code: string }) => (structureOf(r.structure) ? classIds.get(refKey(structureOf(r.structure)!, r.code)) : undefined);
      const groupOf = (r: { structure: string; code: string }) => (structureOf(r.structure) ? groupIds.get(refKey(structureOf(r.structure)!, r.code)) : undefined);

      await replaceMemberships(
        trx, collectiviteId, schoolYear, existingIds,
        changed.flatMap((c) =>
          c.entity.structures
            .filter((s) => structureOf(s))
            .map((s) => ({ accountId: idOf(c.state.key), structureId: structureOf(s)!, profile: c.entity.profile, searchKey: newSearchKeys.get(idOf(c.state.key)) })),
        ),
        changed.flatMap((c) => c.entity.classes.map((r) => classOf(r)).filter((id): id is string => !!id).map((id) => ({ accountId: idOf(c.state.key), id }))),
        changed.flatMap((c) => c.entity.groups.map((r) => groupOf(r)).filter((id): id is string => !!id).map((id) => ({ accountId: idOf(c.state.key), id }))),
        { withClasses: kind === 'STUDENT' },
      );

      if (kind === 'STAFF') {
        const teachings = changed.flatMap((c) =>
          c.entity.teachings.flatMap((t) => {
            const classId = t.target === 'class' ? classOf(t.ref) : undefined;
            const groupId = t.target === 'group' ? groupOf(t.ref) : undefined;
            if (!classId && !groupId) return [];
            return [{ teacherId: idOf(c.state.key), classId: classId ?? null, groupId: groupId ?? null, subject: t.subject }];
          }),
        );
        await ensureSubjects(trx, [...new Set(teachings.map((t) => t.subject))]);
        await syncTeachings(trx, collectiviteId, schoolYear, existingIds, teachings);
        // Professeur principal of a class, whether he teaches there or not.
        const principals = changed.flatMap((c) =>
          c.entity.principals.map((r) => classOf(r)).filter((id): id is string => !!id).map((classId) => ({ teacherId: idOf(c.state.key), classId })),
        );
        await syncPrincipals(trx, collectiviteId, schoolYear, existingIds, principals);
      }
      if (kind === 'STUDENT') {
        await replaceRelations(
          trx,
          changed.map((c) => c.state.key),
          changed.flatMap((c) => c.entity.relations.map((r) => ({ studentKey: c.state.key, parentKey: keyOf(academy, r.parent), respLegal: r.respLegal, relationship: r.relationship }))),
        );
        const parents = await syncLinksOfStudents(trx, collectiviteId, pairs, this.settings.respLegal);
        // A parent these links leave without a child here must still leave when absent from a complet file.
        await noteParentMemberships(trx, this.input.jobId, schoolYear, parents);
        await recomputeParentMemberships(trx, schoolYear, parents);
      }
    } else {
      await linkParents(trx, collectiviteId, pairs, this.settings.respLegal);
      await recomputeParentMemberships(trx, schoolYear, ids, newSearchKeys);
    }
    await upsertStoredRecords(trx, kind, collectiviteId, changed.map((c) => ({ key: c.state.key, hash: c.hash, json: c.json, targetId: idOf(c.state.key) })));
    await this.insertNewAccounts(trx, newWrites);
  }

  /**
   * The batch's new accounts, written last. Handing out logins takes the
   * logins lock until the commit (a concurrent import's batch that gave
   * logins has committed before this one reads the numbers given): written
   * last, the lock covers the logins, this insert and the deferred reference
   * checks, not the whole batch, and imports of several academies at once
   * wait on each other that much less.
   */
  private async insertNewAccounts(trx: Transaction<Database>, writes: (AccountWrite & { id: string })[]): Promise<void> {
    if (writes.length === 0) return;
    // A dry run is one transaction that never commits: under the lock it would
    // stall every import and account creation for its whole length (and could
    // deadlock with an import's batch on a new subject). Its report shows no
    // login, so it gives placeholders that cannot be anyone's (a login has no '~').
    const logins = this.dryTrx ? writes.map((w) => `~${w.id}`) : await this.allocateLogins(trx, writes);
    writes.forEach((w, i) => {
      w.login = logins[i];
      w.activationCode = newActivationCode();
    });
    await insertAccounts(trx, writes);
  }

  private async allocateLogins(trx: Transaction<Database>, people: AccountWrite[]): Promise<string[]> {
    const turn = await lockLoginAllocation(trx);
    return this.logins.allocate(trx, people, turn);
  }

  /**
   * After the files: accounts of complet types absent from them start to leave
   * (only for types whose complet files were all read to the end), then the
   * departure life cycle moves on (blocked after the grace period, purged after retention).
   */
  private async departures(): Promise<void> {
    const skipped: ImportEntityType[] = [];
    for (const kind of personKinds) {
      const files = this.input.sources.map((s, i) => ({ s, f: this.files[i]! })).filter(({ s }) => entityOfFile[s.type] === kind && s.mode === 'COMPLET');
      if (files.length === 0) continue;
      if (files.some(({ f }) => f.status !== 'DONE')) {
        skipped.push(kind);
        continue;
      }
      await this.step(async (trx, outcome) => {
        const n = await markAbsentLeaving(trx, {
          jobId: this.input.jobId,
          collectiviteId: this.settings.collectiviteId,
          kind,
          prefix: `${this.settings.academy}$`,
          schoolYear: this.settings.schoolYear,
          structureIds: [...this.covered],
          at: new Date(this.input.now()),
        });
        outcome.count(kind, 'leaving', n);
      });
    }
    this.departuresSkipped = skipped;
    const now = this.input.now();
    const day = 86_400_000;
    let blocked: string[] = [];
    await this.step(async (trx) => {
      blocked = await blockLeavers(trx, new Date(now - this.settings.graceDays * day), new Date(now), this.settings.collectiviteId);
    });
    this.lifecycle.blocked += blocked.length;
    // After the commit: sessions may live in the database, whose only PGlite connection the transaction held.
    if (!this.dryTrx) await this.input.onBlocked(blocked);
    for (;;) {
      let purged = 0;
      await this.step(async (trx) => {
        purged = await purgeLeavers(trx, new Date(now - this.settings.retentionDays * day), new Date(now), 1000, this.settings.schoolYear, this.settings.collectiviteId);
      });
      this.lifecycle.purged += purged;
      if (purged < 1000) break;
    }
  }

  private departuresSkipped: ImportEntityType[] = [];

  private report(): ImportReport {
    const counts: ImportCounts = this.counts;
    const wrote =
      importEntityTypes.some((t) => (['created', 'updated', 'leaving', 'restored', 'deleted'] as const).some((a) => this.counts[t][a] > 0)) ||
      this.lifecycle.blocked + this.lifecycle.purged > 0;
    return {
      dryRun: this.input.dryRun,
      academy: this.settings.academy,
      schoolYear: this.settings.schoolYear,
      startedAt: this.startedAt,
      finishedAt: new Date(this.input.now()).toISOString(),
      files: this.files,
      ignored: this.input.ignored,
      counts,
      lifecycle: this.lifecycle,
      departuresSkipped: this.departuresSkipped,
      rejections: this.rejections,
      rejectionsNotListed: this.rejectionsNotListed,
      unchanged: !wrote,
    };
  }
}
