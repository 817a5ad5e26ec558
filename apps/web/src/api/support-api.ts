import type { CreateTicketBody, TicketDetail, TicketPage, TicketStatus } from '@preau/contracts';
import { api } from './client.ts';

function query(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Where a handler's list comes from: a structure (ADML, ADMC) or a whole collectivité (ADMC). */
export type TicketScope = { kind: 'structure' | 'collectivite'; id: string };

/** Calls of the support routes (docs/api-v1.md, Support). */
export const supportApi = {
  mine: (cursor?: string) => api.get<TicketPage>(`/support/tickets/mine${query({ cursor })}`),
  scoped: (scope: TicketScope, status: TicketStatus | undefined, cursor?: string) =>
    api.get<TicketPage>(`/support/${scope.kind === 'structure' ? 'structures' : 'collectivites'}/${scope.id}/tickets${query({ status, cursor })}`),
  detail: (id: string) => api.get<TicketDetail>(`/support/tickets/${id}`),
  open: (structureId: string, body: CreateTicketBody) => api.post<TicketDetail>(`/support/structures/${structureId}/tickets`, body),
  setStatus: (id: string, status: TicketStatus) => api.put<TicketDetail>(`/support/tickets/${id}/status`, { status }),
  comment: (id: string, body: string) => api.post<TicketDetail>(`/support/tickets/${id}/comments`, { body }),
};

export const supportKeys = {
  all: ['support'] as const,
  mine: ['support', 'mine'] as const,
  scoped: (scope: TicketScope, status: string) => ['support', 'scoped', scope.kind, scope.id, status] as const,
  ticket: (id: string) => ['support', 'ticket', id] as const,
};
