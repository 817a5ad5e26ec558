import type {
  AccountStatus,
  AccountWithCode,
  AdminAccount,
  AdminAccountPage,
  CreateAccountBody,
  CreateClassBody,
  CreateStructureBody,
  PendingActivationPage,
  Profile,
  SchoolClass,
  Structure,
  UpdateAccountBody,
  UpdateClassBody,
  UpdateStructureBody,
} from '@preau/contracts';
import { api } from './client.ts';
import { withQuery } from './query-string.ts';

/** A page of structures (the contracts export only the schema). */
export interface StructurePage {
  items: Structure[];
  nextCursor: string | null;
}

/** Filters of the accounts list of a structure. */
export interface AccountFilters {
  q?: string | undefined;
  profile?: Profile | undefined;
  status?: AccountStatus | undefined;
  classId?: string | undefined;
  /** 'true': only the accounts leaving (absent from a complet AAF import); 'false': without them. */
  leaving?: 'true' | 'false' | undefined;
  cursor?: string | undefined;
  limit?: number;
}

/** The administration routes of the API (ADMC and ADML). */
export const adminApi = {
  structures: (cursor?: string) => api.get<StructurePage>(withQuery('/admin/structures', { cursor, limit: 50 })),
  /** The first `limit` structures whose name or city holds each word of `q`, or whose UAI begins with it. */
  searchStructures: (q: string, limit = 20) => api.get<StructurePage>(withQuery('/admin/structures', { q, limit })),
  structure: (id: string) => api.get<Structure>(`/admin/structures/${encodeURIComponent(id)}`),
  createStructure: (body: CreateStructureBody) => api.post<Structure>('/admin/structures', body),
  updateStructure: (id: string, body: UpdateStructureBody) =>
    api.patch<Structure>(`/admin/structures/${encodeURIComponent(id)}`, body),
  classes: (structureId: string) =>
    api.get<{ items: SchoolClass[] }>(`/admin/structures/${encodeURIComponent(structureId)}/classes`),
  createClass: (structureId: string, body: CreateClassBody) =>
    api.post<SchoolClass>(`/admin/structures/${encodeURIComponent(structureId)}/classes`, body),
  updateClass: (id: string, body: UpdateClassBody) =>
    api.patch<SchoolClass>(`/admin/classes/${encodeURIComponent(id)}`, body),
  accounts: (structureId: string, { limit = 25, ...filters }: AccountFilters) =>
    api.get<AdminAccountPage>(
      withQuery(`/admin/structures/${encodeURIComponent(structureId)}/accounts`, { ...filters, limit }),
    ),
  createAccount: (structureId: string, body: CreateAccountBody) =>
    api.post<AccountWithCode>(`/admin/structures/${encodeURIComponent(structureId)}/accounts`, body),
  updateAccount: (id: string, body: UpdateAccountBody) =>
    api.patch<AdminAccount>(`/admin/accounts/${encodeURIComponent(id)}`, body),
  blockAccount: (id: string) => api.post<AdminAccount>(`/admin/accounts/${encodeURIComponent(id)}/block`),
  unblockAccount: (id: string) => api.post<AdminAccount>(`/admin/accounts/${encodeURIComponent(id)}/unblock`),
  regenerateCode: (id: string) =>
    api.post<AccountWithCode>(`/admin/accounts/${encodeURIComponent(id)}/activation-code`),
  pendingActivations: (structureId: string, classId?: string, cursor?: string) =>
    api.get<PendingActivationPage>(
      withQuery(`/admin/structures/${encodeURIComponent(structureId)}/pending-activations`, {
        classId,
        cursor,
        limit: 100,
      }),
    ),
};
