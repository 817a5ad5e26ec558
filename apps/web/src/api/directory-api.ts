import type { DirectoryGroupMembers, DirectoryGroupsPage, DirectoryPeoplePage, DirectoryPersonCard, MyChildren } from '@preau/contracts';
import { api } from './client.ts';
import { withQuery } from './query-string.ts';

/** One page of an annuaire search. */
export interface DirectoryQuery {
  q: string;
  cursor?: string | undefined;
  limit?: number;
}

/** The annuaire routes of the API. */
export const directoryApi = {
  people: ({ q, cursor, limit = 25 }: DirectoryQuery) =>
    api.get<DirectoryPeoplePage>(withQuery('/directory/people', { q, cursor, limit })),
  groups: ({ q, cursor, limit = 25 }: DirectoryQuery) =>
    api.get<DirectoryGroupsPage>(withQuery('/directory/groups', { q, cursor, limit })),
  person: (id: string) => api.get<DirectoryPersonCard>(`/directory/people/${encodeURIComponent(id)}`),
  members: (kind: 'CLASS' | 'GROUP', id: string) =>
    api.get<DirectoryGroupMembers>(`/directory/${kind === 'CLASS' ? 'classes' : 'groups'}/${encodeURIComponent(id)}`),
  children: () => api.get<MyChildren>('/directory/children'),
};
