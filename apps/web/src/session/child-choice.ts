import type { Me, MyChild } from '@preau/contracts';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { directoryApi } from '../api/directory-api.ts';

/*
 * A parent's chosen child, one for the whole app: the header's switcher sets
 * it, the timetable, the cahier de textes and the portal follow it, and it is
 * kept in the browser so the next page and the next visit open on the same
 * child. Until he chooses, a child who has courses comes before one who has
 * none (a parent must not land on an empty week when the other child has one).
 */

const storageKey = (accountId: string) => `preau.child.${accountId}`;
const listeners = new Set<() => void>();
// Private browsing may refuse localStorage: the choice then lives for the tab.
const memory = new Map<string, string>();

function readChoice(accountId: string): string | null {
  const kept = memory.get(accountId);
  if (kept) return kept;
  try {
    return window.localStorage.getItem(storageKey(accountId));
  } catch {
    return null;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab's choice counts too.
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/** Keeps `childId` as the parent's chosen child, and tells every page. */
export function chooseChild(accountId: string, childId: string): void {
  memory.set(accountId, childId);
  try {
    window.localStorage.setItem(storageKey(accountId), childId);
  } catch {
    // Kept in memory only.
  }
  for (const listener of listeners) listener();
}

/** The child to show among `children`: the stored choice if still one of them, else the first with courses, else the first. */
export function pickChild(children: readonly MyChild[], stored: string | null): MyChild | undefined {
  return children.find((c) => c.id === stored) ?? children.find((c) => c.hasCourses) ?? children[0];
}

export const childrenKey = ['directory', 'children'] as const;

/** A parent's children (none for other profiles), loaded once per session. */
export function useMyChildren(me: Me) {
  return useQuery({ queryKey: childrenKey, queryFn: directoryApi.children, enabled: me.profile === 'PARENT', staleTime: 5 * 60_000 });
}

/** The parent's children, the one chosen (undefined for other profiles or while loading), and how to choose another. */
export function useChosenChild(me: Me) {
  const children = useMyChildren(me);
  const stored = useSyncExternalStore(subscribe, () => readChoice(me.id));
  const items = children.data?.items ?? [];
  const choose = useCallback((childId: string) => chooseChild(me.id, childId), [me.id]);
  return { children: items, query: children, child: pickChild(items, stored), choose };
}
