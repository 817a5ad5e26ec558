import type { Period, SpecialMark } from '@preau/contracts';
import type { TFunction } from 'i18next';

/** A mark or an average the French way (12,5), or a dash when there is none. */
export function formatMark(value: number | null, locale: string): string {
  if (value === null) return '–';
  return value.toLocaleString(locale, { maximumFractionDigits: 2 });
}

export function periodName(t: TFunction, period: Pick<Period, 'kind' | 'rank'>): string {
  return t(`notes.periodName.${period.kind}`, { rank: period.rank });
}

/** What the teacher types for a special mark, and back. */
export const specialCodes: Record<string, SpecialMark> = { abs: 'ABS', disp: 'DISP', nn: 'NN' };
export const specialInput: Record<SpecialMark, string> = { ABS: 'abs', DISP: 'disp', NN: 'nn' };

export function formatDate(iso: string, locale: string): string {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
