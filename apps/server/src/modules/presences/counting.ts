import type { AttendanceSummary } from '@preau/contracts';
import { addDays } from '../timetable/dates.ts';

/**
 * Counting as the law counts (STANDARDS.md §11.1): gross half-days, the way
 * PRONOTE keeps them — any absence within a half-day counts that half-day once,
 * whatever its length; the structure sets the midday boundary. A half-day is
 * unjustified when any unjustified absence falls in it. Absences whose reason
 * is not counted (a school trip) count nothing. Only school days count.
 * Pure functions: the service loads, this computes.
 */

export interface CountedAbsence {
  studentId: string;
  kind: 'ABSENCE' | 'LATE' | 'LEFT_EARLY';
  fromDate: string;
  toDate: string;
  fromMinute: number;
  toMinute: number;
  minutes: number | null;
  justified: boolean;
  /** False when its reason is not counted; true without a reason. */
  counted: boolean;
}

export const DAY_END_MINUTE = 24 * 60;

/** The half-days ("2026-12-07:AM") an absence touches inside the range, school days only. */
export function halfDaysOf(absence: CountedAbsence, middayMinute: number, range: { from: string; to: string }, isSchoolDay: (iso: string) => boolean): string[] {
  const keys: string[] = [];
  const first = absence.fromDate > range.from ? absence.fromDate : range.from;
  const last = absence.toDate < range.to ? absence.toDate : range.to;
  for (let day = first; day <= last; day = addDays(day, 1)) {
    if (!isSchoolDay(day)) continue;
    const start = day === absence.fromDate ? absence.fromMinute : 0;
    const end = day === absence.toDate ? absence.toMinute : DAY_END_MINUTE;
    if (end <= start) continue;
    if (start < middayMinute) keys.push(`${day}:AM`);
    if (end > middayMinute) keys.push(`${day}:PM`);
  }
  return keys;
}

/** One student's counts over a range. */
export function summarise(
  absences: readonly CountedAbsence[],
  middayMinute: number,
  range: { from: string; to: string },
  isSchoolDay: (iso: string) => boolean,
): AttendanceSummary {
  const all = new Set<string>();
  const unjustified = new Set<string>();
  let lateness = 0;
  let latenessMinutes = 0;
  for (const absence of absences) {
    if (absence.kind === 'LATE') {
      if (absence.fromDate >= range.from && absence.fromDate <= range.to) {
        lateness += 1;
        latenessMinutes += absence.minutes ?? 0;
      }
      continue;
    }
    if (absence.kind !== 'ABSENCE' || !absence.counted) continue;
    for (const key of halfDaysOf(absence, middayMinute, range, isSchoolDay)) {
      all.add(key);
      if (!absence.justified) unjustified.add(key);
    }
  }
  return {
    halfDays: all.size,
    justifiedHalfDays: all.size - unjustified.size,
    unjustifiedHalfDays: unjustified.size,
    lateness,
    latenessMinutes,
  };
}

/** The legal thresholds of unjustified half-days in a month: 4 (avertissement, L131-8), 10 (circ. 2014-159). */
export function thresholdReached(unjustifiedHalfDays: number): 4 | 10 | null {
  if (unjustifiedHalfDays >= 10) return 10;
  if (unjustifiedHalfDays >= 4) return 4;
  return null;
}

/** First and last day of a "YYYY-MM" month. */
export function monthRange(month: string): { from: string; to: string } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
