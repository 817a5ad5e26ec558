import type { ServiceTile } from '@preau/contracts';
import { api } from './client.ts';
import { withQuery } from './query-string.ts';

/** The connected services ("Mes applis") of the API. */
export const connectedServicesApi = {
  mine: (q: string) => api.get<{ items: ServiceTile[] }>(withQuery('/connected-services/mine', { q: q || undefined })),
  setFavorite: (id: string, favorite: boolean) =>
    favorite ? api.put<null>(`/connected-services/${id}/favorite`, {}) : api.delete<null>(`/connected-services/${id}/favorite`),
};

export const connectedServicesKeys = {
  all: ['connected-services'] as const,
  mine: (q: string) => ['connected-services', 'mine', q] as const,
};
