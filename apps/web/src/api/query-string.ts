/** A query-string value; `undefined`, `null` and empty strings are left out. */
export type QueryValue = string | number | boolean | null | undefined;

/** Appends the defined parameters of `params` to `path` as a query string. */
export function withQuery(path: string, params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.append(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}
