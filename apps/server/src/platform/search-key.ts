/** Lower case, accents removed, spaces squeezed: the form names are searched in. */
export function normalizeForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{Nd}]+/gu, ' ')
    .trim();
}

/** The words of a search query, normalized; LIKE wildcards cannot survive normalization. */
export function searchTerms(query: string): string[] {
  return normalizeForSearch(query).split(' ').filter(Boolean).slice(0, 5);
}

/** The search key of a person: "last first", normalized. */
export function personSearchKey(firstName: string, lastName: string): string {
  return normalizeForSearch(`${lastName} ${firstName}`);
}
