import type {
  ArticleBody,
  ArticleList,
  Article,
  CreateInterventionBody,
  CreateTicketBody,
  InterventionList,
  SupportMe,
  SupportSettings,
  SupportTarget,
  SupportTargets,
  TeamBody,
  TeamList,
  TechnicianList,
  TicketDetail,
  TicketPage,
  TicketStatus,
  TicketStatusBody,
} from '@preau/contracts';
import { api, upload } from './client.ts';

function query(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Where a handler's list comes from: a structure (ADML, ADMC), a whole collectivité (ADMC), the technician's teams. */
export type TicketScope = { kind: 'structure' | 'collectivite'; id: string } | { kind: 'team'; id: 'mine' };

/** The photo types the server accepts (it checks the bytes again). */
export const PHOTO_TYPES = 'image/jpeg,image/png,image/gif,image/webp';

/** Calls of the support routes (docs/api-v1.md, Support). */
export const supportApi = {
  me: () => api.get<SupportMe>('/support/me'),
  mine: (cursor?: string) => api.get<TicketPage>(`/support/tickets/mine${query({ cursor })}`),
  scoped: (scope: TicketScope, filter: { status?: TicketStatus | undefined; overdue?: boolean }, cursor?: string) => {
    const path = scope.kind === 'team' ? '/support/tickets/team' : `/support/${scope.kind === 'structure' ? 'structures' : 'collectivites'}/${scope.id}/tickets`;
    return api.get<TicketPage>(`${path}${query({ status: filter.status, overdue: filter.overdue ? 'true' : undefined, cursor })}`);
  },
  detail: (id: string) => api.get<TicketDetail>(`/support/tickets/${id}`),
  open: (structureId: string, body: CreateTicketBody) => api.post<TicketDetail>(`/support/structures/${structureId}/tickets`, body),
  setStatus: (id: string, body: TicketStatusBody) => api.put<TicketDetail>(`/support/tickets/${id}/status`, body),
  comment: (id: string, body: string, internal: boolean) => api.post<TicketDetail>(`/support/tickets/${id}/comments`, { body, internal }),
  schedule: (id: string, body: CreateInterventionBody) => api.post<TicketDetail>(`/support/tickets/${id}/interventions`, body),
  parts: (interventionId: string, parts: string[]) => api.post<TicketDetail>(`/support/interventions/${interventionId}/parts`, { parts }),
  answers: (structureId: string, q: string) => api.get<ArticleList>(`/support/structures/${structureId}/answers${query({ q })}`),
  knowledge: (collectiviteId: string) => api.get<ArticleList>(`/support/collectivites/${collectiviteId}/answers`),
  publish: (collectiviteId: string, body: ArticleBody) => api.post<Article>(`/support/collectivites/${collectiviteId}/answers`, body),
  editAnswer: (answerId: string, body: ArticleBody) => api.put<Article>(`/support/answers/${answerId}`, body),
  agenda: () => api.get<InterventionList>('/support/interventions/mine'),
  addPhoto: (id: string, file: File) => upload<TicketDetail>(`/support/tickets/${id}/photos`, file),
  settings: (structureId: string) => api.get<SupportSettings>(`/support/structures/${structureId}/settings`),
  setSettings: (structureId: string, body: SupportSettings) => api.put<SupportSettings>(`/support/structures/${structureId}/settings`, body),
  targets: (collectiviteId: string) => api.get<SupportTargets>(`/support/collectivites/${collectiviteId}/targets`),
  setTargets: (collectiviteId: string, targets: SupportTarget[]) => api.put<SupportTargets>(`/support/collectivites/${collectiviteId}/targets`, { targets }),
  technicians: (collectiviteId: string) => api.get<TechnicianList>(`/support/collectivites/${collectiviteId}/technicians`),
  revokeTechnician: (collectiviteId: string, accountId: string) => api.delete<TechnicianList>(`/support/collectivites/${collectiviteId}/technicians/${accountId}`),
  teams: (collectiviteId: string) => api.get<TeamList>(`/support/collectivites/${collectiviteId}/teams`),
  createTeam: (collectiviteId: string, body: TeamBody) => api.post<TeamList>(`/support/collectivites/${collectiviteId}/teams`, body),
  updateTeam: (teamId: string, body: TeamBody) => api.put<TeamList>(`/support/teams/${teamId}`, body),
  photoUrl: (photoId: string) => `/api/v1/support/photos/${photoId}`,
  thumbnailUrl: (photoId: string) => `/api/v1/support/photos/${photoId}/thumbnail`,
};

export const supportKeys = {
  all: ['support'] as const,
  me: ['support', 'me'] as const,
  mine: ['support', 'mine'] as const,
  agenda: ['support', 'agenda'] as const,
  answers: (structureId: string, q: string) => ['support', 'answers', structureId, q] as const,
  knowledge: (collectiviteId: string) => ['support', 'knowledge', collectiviteId] as const,
  scoped: (scope: TicketScope, status: string, overdue: boolean) => ['support', 'scoped', scope.kind, scope.id, status, overdue] as const,
  ticket: (id: string) => ['support', 'ticket', id] as const,
};
