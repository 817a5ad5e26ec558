import { useQuery } from '@tanstack/react-query';
import { type EquipmentFilters, inventoryApi } from '../../api/inventory-api.ts';
import { useCursorPages } from '../../lib/use-cursor-pages.ts';

/** Query keys of the inventory, so that writes refresh what they change. */
export const inventoryKeys = {
  equipment: (structureId: string) => ['inventory', 'equipment', structureId] as const,
  enrolments: (structureId: string) => ['inventory', 'enrolments', structureId] as const,
};

/** A structure's equipment matching `filters`, page after page. */
export function useEquipment(structureId: string, filters: EquipmentFilters) {
  return useCursorPages([...inventoryKeys.equipment(structureId), filters], (cursor) => inventoryApi.equipment(structureId, filters, cursor), { keepPrevious: true });
}

/** The structure's agent enrolments (never their secrets). */
export function useEnrolments(structureId: string) {
  return useQuery({ queryKey: inventoryKeys.enrolments(structureId), queryFn: () => inventoryApi.enrolments(structureId), select: (list) => list.items });
}
