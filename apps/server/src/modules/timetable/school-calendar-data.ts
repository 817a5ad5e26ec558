import type { HolidayZone } from '@preau/contracts';

/**
 * The built-in French school calendars, per school year (named by its start
 * year). A holiday is `[from, until)`: `from` is the first day without class,
 * `until` the morning classes resume (as in the open-data set
 * `fr-en-calendrier-scolaire`, STANDARDS.md §8).
 *
 * NOT VERIFIED: STANDARDS.md gives the zones and the source of the dates, not
 * the dates of 2026-2027. The dates below follow the usual pattern of the
 * arrêté (Toussaint, Noël and été common; hiver and printemps staggered) and
 * must be checked against the published arrêté and the open-data set before
 * production use. `verified: false` is shown to staff, and each structure can
 * replace its calendar through PUT /timetable/structures/:id/settings.
 * Public holidays (jours fériés) are computed from Easter and are reliable.
 */
export interface HolidayPeriod {
  from: string;
  until: string;
  label: string;
}

export interface SchoolYearCalendarData {
  /** First day of class for students (rentrée). */
  firstDay: string;
  /** Last day of class (the summer holidays start the next day). */
  lastDay: string;
  common: HolidayPeriod[];
  byZone: Record<HolidayZone, HolidayPeriod[]>;
  /** Single days without class: jours fériés falling on a school day. */
  publicHolidays: Array<{ date: string; label: string }>;
  verified: boolean;
}

export const schoolCalendars: Record<number, SchoolYearCalendarData> = {
  2026: {
    firstDay: '2026-09-01',
    lastDay: '2027-07-02',
    common: [
      { from: '2026-10-17', until: '2026-11-02', label: 'Vacances de la Toussaint' },
      { from: '2026-12-19', until: '2027-01-04', label: 'Vacances de Noël' },
      { from: '2027-05-06', until: '2027-05-10', label: 'Pont de l’Ascension' },
    ],
    byZone: {
      A: [
        { from: '2027-02-13', until: '2027-03-01', label: 'Vacances d’hiver' },
        { from: '2027-04-10', until: '2027-04-26', label: 'Vacances de printemps' },
      ],
      B: [
        { from: '2027-02-20', until: '2027-03-08', label: 'Vacances d’hiver' },
        { from: '2027-04-17', until: '2027-05-03', label: 'Vacances de printemps' },
      ],
      C: [
        { from: '2027-02-06', until: '2027-02-22', label: 'Vacances d’hiver' },
        { from: '2027-04-03', until: '2027-04-19', label: 'Vacances de printemps' },
      ],
    },
    publicHolidays: [
      { date: '2026-11-11', label: 'Armistice 1918' },
      { date: '2027-03-29', label: 'Lundi de Pâques' },
      { date: '2027-05-17', label: 'Lundi de Pentecôte' },
    ],
    verified: false,
  },
};
