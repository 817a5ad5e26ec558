import type { GarRespAffList } from '@preau/contracts';
import { api } from './client.ts';

const respAffUrl = (structureId: string, accountId?: string) =>
  `/admin/structures/${encodeURIComponent(structureId)}/gar/resp-aff${accountId ? `/${encodeURIComponent(accountId)}` : ''}`;

/** The GAR médiacentre's routes of the API. */
export const garApi = {
  respAff: (structureId: string) => api.get<GarRespAffList>(respAffUrl(structureId)),
  nameRespAff: (structureId: string, accountId: string) => api.put<GarRespAffList>(respAffUrl(structureId, accountId), {}),
  removeRespAff: (structureId: string, accountId: string) => api.delete<GarRespAffList>(respAffUrl(structureId, accountId)),
};
