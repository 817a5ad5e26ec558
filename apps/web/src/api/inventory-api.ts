import type {
  CreateEquipmentBody,
  EnrolmentSettings,
  EquipmentDetail,
  EquipmentKind,
  EquipmentPage,
  EquipmentStatus,
  InventoryEnrolment,
  InventoryTotals,
} from '@preau/contracts';
import { api } from './client.ts';

/** Filters of the equipment list (the views of the register). */
export interface EquipmentFilters {
  kind?: EquipmentKind | undefined;
  status?: EquipmentStatus | undefined;
  room?: string | undefined;
  warrantyEndsBefore?: string | undefined;
  silentForDays?: number | undefined;
}

function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Calls of the inventory routes (docs/api-v1.md, Inventory). */
export const inventoryApi = {
  totals: (collectiviteId: string) => api.get<InventoryTotals>(`/inventory/collectivites/${collectiviteId}/totals`),
  equipment: (structureId: string, filters: EquipmentFilters, cursor?: string) =>
    api.get<EquipmentPage>(`/inventory/structures/${structureId}/equipment${query({ ...filters, cursor })}`),
  detail: (id: string) => api.get<EquipmentDetail>(`/inventory/equipment/${id}`),
  create: (structureId: string, body: CreateEquipmentBody) => api.post<EquipmentDetail>(`/inventory/structures/${structureId}/equipment`, body),
  enrolments: (structureId: string) => api.get<{ items: InventoryEnrolment[] }>(`/inventory/structures/${structureId}/enrolments`),
  enrol: (structureId: string, label: string) => api.post<EnrolmentSettings>(`/inventory/structures/${structureId}/enrolments`, { label }),
  revoke: (id: string) => api.delete<InventoryEnrolment>(`/inventory/enrolments/${id}`),
};
