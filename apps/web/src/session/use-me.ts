import { useQuery } from '@tanstack/react-query';
import { fetchMe, meKey } from './session.ts';

/** The logged-in user, `null` when nobody is; loaded once and kept fresh for five minutes. */
export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000 });
}
