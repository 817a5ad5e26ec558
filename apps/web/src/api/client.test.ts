import { afterEach, describe, expect, it, vi } from 'vitest';
import { isApiError } from './client.ts';
import { timetableApi } from './timetable-api.ts';

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

afterEach(() => vi.unstubAllGlobals());

describe('the timetable CSV import through request()', () => {
  const report = { imported: 0, applied: false, rejected: [{ line: 3, reason: 'Matière inconnue', code: 'UNKNOWN_SUBJECT' }] };

  it('answers the report of rejected lines the server sends with its 422', async () => {
    const fetch = vi.fn(async () => answer(422, report));
    vi.stubGlobal('fetch', fetch);
    await expect(timetableApi.importCsv('s1', 'csv', false)).resolves.toEqual(report);
    expect(fetch).toHaveBeenCalledWith('/api/v1/timetable/structures/s1/import', expect.objectContaining({ method: 'POST', body: JSON.stringify({ format: 'csv', content: 'csv', replace: false }) }));
  });

  it('throws the API error of a 422 that is not a report, and of any other refusal', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(422, { error: { code: 'VALIDATION_FAILED', message: 'Certains champs sont invalides.' } })));
    const invalid = await timetableApi.importCsv('s1', '', false).catch((error: unknown) => error);
    expect(isApiError(invalid, 'VALIDATION_FAILED')).toBe(true);
    vi.stubGlobal('fetch', vi.fn(async () => answer(403, { error: { code: 'FORBIDDEN', message: '' } })));
    const forbidden = await timetableApi.importCsv('s1', 'csv', false).catch((error: unknown) => error);
    expect(isApiError(forbidden, 'FORBIDDEN')).toBe(true);
  });
});
