import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday, isValidDate, mondayOf, parisNow, parisToUtc } from './dates.ts';
import { type CourseRule, generateOccurrences, type OccurrenceChange, occurrenceDates } from './occurrences.ts';
import { buildCalendar, dayOffLabel, weekLetter } from './school-calendar.ts';

const YEAR = 2026;
const monday = (weeks: CourseRule['weeks'] = 'ALL', periods: CourseRule['periods'] = []): CourseRule => ({
  id: `c-monday-${weeks}`,
  weekday: 1,
  startMinute: 8 * 60,
  endMinute: 9 * 60,
  weeks,
  periods,
});
const zones = ['A', 'B', 'C'] as const;

function change(partial: Partial<OccurrenceChange> & Pick<OccurrenceChange, 'courseId' | 'originalDate'>): OccurrenceChange {
  return { cancelled: false, newDate: null, newStartMinute: null, newEndMinute: null, replacementTeacherId: null, room: null, note: null, ...partial };
}

describe('dates', () => {
  it('counts weekdays from Monday and finds the Monday of a week', () => {
    expect(isoWeekday('2026-09-07')).toBe(1);
    expect(isoWeekday('2026-09-13')).toBe(7);
    expect(mondayOf('2026-09-13')).toBe('2026-09-07');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isValidDate('2027-02-29')).toBe(false);
    expect(isValidDate('2028-02-29')).toBe(true);
  });

  it('converts Paris wall-clock times to UTC in winter and summer time', () => {
    expect(parisToUtc('2026-09-07', 8 * 60).toISOString()).toBe('2026-09-07T06:00:00.000Z');
    expect(parisToUtc('2026-12-07', 8 * 60).toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(parisNow(Date.parse('2026-10-25T00:30:00Z'))).toEqual({ date: '2026-10-25', minute: 150 });
  });
});

describe('school calendar', () => {
  it('gives each zone its own winter and spring holidays and the same Toussaint and Noël', () => {
    const [a, b, c] = zones.map((zone) => buildCalendar(YEAR, zone));
    expect(a!.holidays.find((h) => h.label.includes('Toussaint'))).toEqual(b!.holidays.find((h) => h.label.includes('Toussaint')));
    expect(a!.holidays.find((h) => h.label.includes('Noël'))).toEqual(c!.holidays.find((h) => h.label.includes('Noël')));
    const winter = (cal: typeof a) => cal!.holidays.find((h) => h.label.includes('hiver'))!.from;
    expect(new Set([winter(a), winter(b), winter(c)]).size).toBe(3);
    expect(a!.verified).toBe(false);
  });

  it('labels days off: Sundays, holidays, public holidays, outside the year', () => {
    const cal = buildCalendar(YEAR, 'B');
    expect(dayOffLabel(cal, '2026-08-31')).toBe('Hors année scolaire');
    expect(dayOffLabel(cal, '2026-09-01')).toBeNull();
    expect(dayOffLabel(cal, '2026-09-06')).toBe('Dimanche');
    expect(dayOffLabel(cal, '2026-10-19')).toBe('Vacances de la Toussaint');
    expect(dayOffLabel(cal, '2026-11-02')).toBeNull();
    expect(dayOffLabel(cal, '2026-11-11')).toBe('Armistice 1918');
    expect(dayOffLabel(cal, '2027-07-05')).toBe('Hors année scolaire');
  });

  it('alternates weeks A and B over school weeks, skipping the holiday fortnight', () => {
    const cal = buildCalendar(YEAR, 'A');
    const letters = ['2026-08-31', '2026-09-07', '2026-09-14', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09'].map(
      (d) => weekLetter(cal, d),
    );
    expect(letters).toEqual(['A', 'B', 'A', 'A', null, null, 'B', 'A']);
    const flipped = buildCalendar(YEAR, 'A', 'B');
    expect(weekLetter(flipped, '2026-09-01')).toBe('B');
    expect(weekLetter(flipped, '2026-11-02')).toBe('A');
  });

  it('uses a structure’s own calendar in place of the built-in one', () => {
    const cal = buildCalendar(YEAR, 'C', 'A', {
      firstDay: '2026-09-02',
      lastDay: '2027-06-30',
      holidays: [{ from: '2026-10-24', until: '2026-11-09', label: 'Toussaint (local)' }],
    });
    expect(cal.overridden).toBe(true);
    expect(dayOffLabel(cal, '2026-10-19')).toBeNull();
    expect(dayOffLabel(cal, '2026-11-02')).toBe('Toussaint (local)');
    expect(occurrenceDates(monday(), cal, '2026-09-01', '2026-09-30')).toEqual(['2026-09-07', '2026-09-14', '2026-09-21', '2026-09-28']);
  });

  it('builds a calendar once per zone, first week and own dates, and a new one when any of them changes', () => {
    const cal = buildCalendar(YEAR, 'B');
    expect(buildCalendar(YEAR, 'B')).toBe(cal);
    expect(Object.isFrozen(cal)).toBe(true);
    expect(buildCalendar(YEAR, 'C')).not.toBe(cal);
    expect(buildCalendar(YEAR, 'B', 'B')).not.toBe(cal);
    const own = { firstDay: '2026-09-02', lastDay: '2027-06-30', holidays: [{ from: '2026-10-24', until: '2026-11-09', label: 'Toussaint (local)' }] };
    const withOwn = buildCalendar(YEAR, 'B', 'A', own);
    expect(withOwn).not.toBe(cal);
    expect(buildCalendar(YEAR, 'B', 'A', { ...own, lastDay: '2027-06-25' }).lastDay).toBe('2027-06-25');
    expect(buildCalendar(YEAR, 'B', 'A', own)).toBe(withOwn);
  });

  it('falls back to 1 September – 4 July, unverified, for a year without data', () => {
    const cal = buildCalendar(2031, 'A');
    expect(cal).toMatchObject({ firstDay: '2031-09-01', lastDay: '2032-07-04', verified: false, holidays: [] });
  });
});

describe('occurrence generation', () => {
  it('places a weekly course on every school Monday of the year, never in holidays', () => {
    for (const zone of zones) {
      const cal = buildCalendar(YEAR, zone);
      const dates = occurrenceDates(monday(), cal, '2026-08-01', '2027-08-31');
      expect(dates[0]).toBe('2026-09-07');
      expect(dates.at(-1)).toBe('2027-06-28');
      for (const date of dates) {
        expect(isoWeekday(date)).toBe(1);
        expect(dayOffLabel(cal, date)).toBeNull();
      }
      for (const off of ['2026-10-19', '2026-10-26', '2026-12-21', '2026-12-28', '2027-03-29', '2027-05-17']) expect(dates).not.toContain(off);
      expect(dates).toContain('2026-11-02');
      expect(dates).toContain('2027-01-04');
    }
  });

  it('skips each zone’s own winter and spring holidays only', () => {
    const expectations: Record<(typeof zones)[number], { off: string[]; on: string[] }> = {
      A: { off: ['2027-02-15', '2027-02-22', '2027-04-12', '2027-04-19'], on: ['2027-02-08', '2027-03-01', '2027-04-26', '2027-05-03'] },
      B: { off: ['2027-02-22', '2027-03-01', '2027-04-19', '2027-04-26'], on: ['2027-02-15', '2027-03-08', '2027-04-12', '2027-05-03'] },
      C: { off: ['2027-02-08', '2027-02-15', '2027-04-05', '2027-04-12'], on: ['2027-02-01', '2027-02-22', '2027-04-19', '2027-04-26'] },
    };
    for (const zone of zones) {
      const dates = occurrenceDates(monday(), buildCalendar(YEAR, zone), '2027-01-01', '2027-05-31');
      for (const off of expectations[zone].off) expect(dates, `zone ${zone} ${off}`).not.toContain(off);
      for (const on of expectations[zone].on) expect(dates, `zone ${zone} ${on}`).toContain(on);
    }
  });

  it('splits a weekly course exactly between weeks A and B, for each zone', () => {
    for (const zone of zones) {
      const cal = buildCalendar(YEAR, zone);
      const all = occurrenceDates(monday('ALL'), cal, '2026-09-01', '2027-07-04');
      const a = occurrenceDates(monday('A'), cal, '2026-09-01', '2027-07-04');
      const b = occurrenceDates(monday('B'), cal, '2026-09-01', '2027-07-04');
      expect([...a, ...b].sort()).toEqual(all);
      expect(a.filter((d) => b.includes(d))).toEqual([]);
      expect(Math.abs(a.length - b.length)).toBeLessThanOrEqual(3);
      for (const date of a) expect(weekLetter(cal, date)).toBe('A');
    }
    const cal = buildCalendar(YEAR, 'B');
    expect(occurrenceDates(monday('A'), cal, '2026-09-01', '2026-11-30')).toEqual([
      '2026-09-14', '2026-09-28', '2026-10-12', '2026-11-09', '2026-11-23',
    ]);
    expect(occurrenceDates(monday('B'), cal, '2026-09-01', '2026-11-30')).toEqual([
      '2026-09-07', '2026-09-21', '2026-10-05', '2026-11-02', '2026-11-16', '2026-11-30',
    ]);
  });

  it('keeps a periods course inside its periods', () => {
    const course = monday('PERIODS', [{ from: '2026-09-01', to: '2026-09-20' }, { from: '2027-01-04', to: '2027-01-12' }]);
    expect(occurrenceDates(course, buildCalendar(YEAR, 'A'), '2026-09-01', '2027-07-04')).toEqual([
      '2026-09-07', '2026-09-14', '2027-01-04', '2027-01-11',
    ]);
  });

  it('skips a public holiday falling on the course day', () => {
    const wednesday: CourseRule = { ...monday(), id: 'wed', weekday: 3 };
    const dates = occurrenceDates(wednesday, buildCalendar(YEAR, 'A'), '2026-11-01', '2026-11-30');
    expect(dates).toEqual(['2026-11-04', '2026-11-18', '2026-11-25']);
  });

  it('applies cancellations, moves and new times, in and out of the range', () => {
    const cal = buildCalendar(YEAR, 'A');
    const course = monday();
    const changes = [
      change({ courseId: course.id, originalDate: '2026-09-07', cancelled: true }),
      change({ courseId: course.id, originalDate: '2026-09-14', newDate: '2026-09-30', newStartMinute: 14 * 60, newEndMinute: 15 * 60 }),
      change({ courseId: course.id, originalDate: '2026-09-21', room: 'B12' }),
      // Not a session of the course (a Tuesday): ignored.
      change({ courseId: course.id, originalDate: '2026-09-22', newDate: '2026-09-10' }),
    ];
    const week = generateOccurrences([course], cal, { from: '2026-09-07', to: '2026-09-13' }, changes);
    expect(week.map((o) => [o.originalDate, o.date, o.status])).toEqual([['2026-09-07', '2026-09-07', 'CANCELLED']]);

    const moved = generateOccurrences([course], cal, { from: '2026-09-28', to: '2026-10-04' }, changes);
    expect(moved.map((o) => [o.originalDate, o.date, o.startMinute, o.status])).toEqual([
      ['2026-09-28', '2026-09-28', 480, 'SCHEDULED'],
      ['2026-09-14', '2026-09-30', 840, 'MODIFIED'],
    ]);
    const source = generateOccurrences([course], cal, { from: '2026-09-14', to: '2026-09-20' }, changes);
    expect(source).toEqual([]);
    const room = generateOccurrences([course], cal, { from: '2026-09-21', to: '2026-09-21' }, changes);
    expect(room[0]).toMatchObject({ status: 'MODIFIED', change: { room: 'B12' } });
  });

  it('sorts several courses by day and time and clips to the school year', () => {
    const cal = buildCalendar(YEAR, 'C');
    const early: CourseRule = { ...monday(), id: 'early', weekday: 2, startMinute: 8 * 60, endMinute: 9 * 60 };
    const late: CourseRule = { ...monday(), id: 'late', weekday: 2, startMinute: 10 * 60, endMinute: 11 * 60 };
    const items = generateOccurrences([late, early], cal, { from: '2026-08-24', to: '2026-09-02' });
    expect(items.map((o) => `${o.date} ${o.courseId}`)).toEqual(['2026-09-01 early', '2026-09-01 late']);
  });
});
