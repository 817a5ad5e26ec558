import type {
  ConnectedService,
  CreateConnectedServiceBody,
  CreateStructureLinkBody,
  RotatedClientSecret,
  ServiceTile,
  StructureService,
  UpdateConnectedServiceBody,
} from '@preau/contracts';
import { api } from './client.ts';
import { withQuery } from './query-string.ts';

const id = encodeURIComponent;

/** The connected services ("Mes applis") of the API, and their administration (ADMC catalogue, ADML choices). */
export const connectedServicesApi = {
  mine: (q: string) => api.get<{ items: ServiceTile[] }>(withQuery('/connected-services/mine', { q: q || undefined })),
  setFavorite: (serviceId: string, favorite: boolean) =>
    favorite ? api.put<null>(`/connected-services/${id(serviceId)}/favorite`, {}) : api.delete<null>(`/connected-services/${id(serviceId)}/favorite`),

  catalogue: (collectiviteId: string) => api.get<{ items: ConnectedService[] }>(`/connected-services/collectivites/${id(collectiviteId)}`),
  declare: (collectiviteId: string, body: CreateConnectedServiceBody) =>
    api.post<{ service: ConnectedService; oidcClientSecret: string | null }>(`/connected-services/collectivites/${id(collectiviteId)}`, body),
  edit: (serviceId: string, body: UpdateConnectedServiceBody) => api.put<ConnectedService>(`/connected-services/${id(serviceId)}`, body),
  remove: (serviceId: string) => api.delete<null>(`/connected-services/${id(serviceId)}`),
  rotateSecret: (serviceId: string) => api.post<RotatedClientSecret>(`/connected-services/${id(serviceId)}/oidc-secret`),

  structureServices: (structureId: string) => api.get<{ items: StructureService[] }>(`/connected-services/structures/${id(structureId)}`),
  setShown: (structureId: string, serviceId: string, enabled: boolean) =>
    api.put<StructureService>(`/connected-services/structures/${id(structureId)}/${id(serviceId)}`, { enabled }),
  addLink: (structureId: string, body: CreateStructureLinkBody) => api.post<ConnectedService>(`/connected-services/structures/${id(structureId)}/links`, body),
};

export const connectedServicesKeys = {
  all: ['connected-services'] as const,
  allMine: ['connected-services', 'mine'] as const,
  mine: (q: string) => ['connected-services', 'mine', q] as const,
  catalogue: (collectiviteId: string) => ['connected-services', 'catalogue', collectiviteId] as const,
  structure: (structureId: string) => ['connected-services', 'structure', structureId] as const,
};
