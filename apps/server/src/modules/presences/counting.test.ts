import { describe, expect, it } from 'vitest';
import { type CountedAbsence, halfDaysOf, monthRange, summarise, thresholdReached } from './counting.ts';

/** Half-day counting by hand-computed cases (Monday 2026-12-07 … Sunday 2026-12-13; weekends are not school days). */

const schoolDay = (iso: string) => {
  const weekday = new Date(`${iso}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
};
const midday = 750; // 12:30
const december = { from: '2026-12-01', to: '2026-12-31' };
const absence = (over: Partial<CountedAbsence>): CountedAbsence => ({
  studentId: 's',
  kind: 'ABSENCE',
  fromDate: '2026-12-07',
  toDate: '2026-12-07',
  fromMinute: 480,
  toMinute: 540,
  minutes: null,
  justified: false,
  counted: true,
  ...over,
});

describe('half-days', () => {
  it('a morning course counts the morning, an afternoon one the afternoon, one across midday both', () => {
    expect(halfDaysOf(absence({}), midday, december, schoolDay)).toEqual(['2026-12-07:AM']);
    expect(halfDaysOf(absence({ fromMinute: 840, toMinute: 900 }), midday, december, schoolDay)).toEqual(['2026-12-07:PM']);
    expect(halfDaysOf(absence({ fromMinute: 720, toMinute: 780 }), midday, december, schoolDay)).toEqual(['2026-12-07:AM', '2026-12-07:PM']);
  });

  it('the structure’s boundary decides: a 12:00–13:00 course is morning only with a 13:00 boundary', () => {
    expect(halfDaysOf(absence({ fromMinute: 720, toMinute: 780 }), 780, december, schoolDay)).toEqual(['2026-12-07:AM']);
  });

  it('a week of illness from Monday to the next Monday counts 6 days = 12 half-days, not the weekend', () => {
    const week = absence({ fromDate: '2026-12-07', toDate: '2026-12-14', fromMinute: 0, toMinute: 1440 });
    expect(halfDaysOf(week, midday, december, schoolDay)).toHaveLength(12);
  });

  it('two absences in the same morning count it once; a justified and an unjustified one make it unjustified', () => {
    const summary = summarise(
      [absence({}), absence({ fromMinute: 600, toMinute: 660, justified: true }), absence({ fromMinute: 840, toMinute: 900, justified: true })],
      midday,
      december,
      schoolDay,
    );
    expect(summary).toEqual({ halfDays: 2, justifiedHalfDays: 1, unjustifiedHalfDays: 1, lateness: 0, latenessMinutes: 0 });
  });

  it('a reason not counted counts nothing; lateness is counted apart with its minutes; the range cuts', () => {
    const summary = summarise(
      [
        absence({ counted: false, fromDate: '2026-12-08', toDate: '2026-12-08' }),
        absence({ kind: 'LATE', minutes: 10 }),
        absence({ kind: 'LATE', minutes: 5, fromDate: '2026-12-09', toDate: '2026-12-09' }),
        absence({ kind: 'LATE', minutes: 15, fromDate: '2026-11-30', toDate: '2026-11-30' }),
        absence({ kind: 'LEFT_EARLY' }),
        absence({ fromDate: '2026-11-30', toDate: '2026-12-01', fromMinute: 0, toMinute: 1440 }),
      ],
      midday,
      december,
      schoolDay,
    );
    expect(summary).toEqual({ halfDays: 2, justifiedHalfDays: 0, unjustifiedHalfDays: 2, lateness: 2, latenessMinutes: 15 });
  });
});

describe('thresholds and months', () => {
  it.each([
    [3, null],
    [4, 4],
    [9, 4],
    [10, 10],
  ])('%i unjustified half-days → %s', (n, expected) => {
    expect(thresholdReached(n)).toBe(expected);
  });

  it('knows the length of each month, February of a leap year included', () => {
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthRange('2027-04')).toEqual({ from: '2027-04-01', to: '2027-04-30' });
  });
});
