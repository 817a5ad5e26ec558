import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { adminApi, type AccountFilters } from '../../api/admin-api.ts';
import { useCursorPages } from '../../lib/use-cursor-pages.ts';

/** Query keys of the admin area, so that writes can refresh what they change. */
export const adminKeys = {
  all: ['admin'] as const,
  structures: ['admin', 'structures'] as const,
  structure: (id: string) => ['admin', 'structure', id] as const,
  classes: (structureId: string) => ['admin', 'classes', structureId] as const,
  accounts: (structureId: string) => ['admin', 'accounts', structureId] as const,
  pending: (structureId: string) => ['admin', 'pending', structureId] as const,
};

/** The structures the user administers, page after page. */
export function useStructures() {
  return useCursorPages(adminKeys.structures, (cursor) => adminApi.structures(cursor));
}

/** The first structures (by name) whose name, city or UAI matches `q`, or the first of all when `q` is empty: a picker's choices. */
export function useStructureSearch(q: string) {
  return useQuery({
    queryKey: [...adminKeys.structures, 'search', q],
    queryFn: () => adminApi.searchStructures(q),
    select: (page) => page.items,
    placeholderData: keepPreviousData,
  });
}

/** One structure. */
export function useStructure(id: string) {
  return useQuery({ queryKey: adminKeys.structure(id), queryFn: () => adminApi.structure(id) });
}

/** The classes of a structure (current school year). */
export function useClasses(structureId: string) {
  return useQuery({
    queryKey: adminKeys.classes(structureId),
    queryFn: () => adminApi.classes(structureId),
    select: (list) => list.items,
  });
}

/** The accounts of a structure matching `filters`, page after page. */
export function useAccounts(structureId: string, filters: AccountFilters, enabled = true) {
  return useCursorPages([...adminKeys.accounts(structureId), filters], (cursor) => adminApi.accounts(structureId, { ...filters, cursor }), {
    enabled,
    keepPrevious: true,
  });
}

/** The not-yet-activated accounts of a structure (with their codes), page after page. */
export function usePendingActivations(structureId: string, classId: string | undefined) {
  return useCursorPages([...adminKeys.pending(structureId), classId ?? ''], (cursor) => adminApi.pendingActivations(structureId, classId, cursor));
}
