/**
 * Dates for journeys that need the school to be in session: a roll call opens
 * on the day of its lesson only (none on a Sunday, none in the holidays), and
 * marks are typed while a period is open for entry (none in summer). Such a
 * test declares `test(name, fn, { clock: inTerm() })`: the runner gives it a
 * server whose clock starts there, and the same time to its browser contexts.
 */

/**
 * 09:30 in Paris on the Tuesday of the third week of November of the school
 * year in force on `real`: a school day in every holiday zone, inside the
 * first trimestre with its entry still open, weeks after the start of the
 * year (the demo's past absences have lessons to belong to).
 */
export function inTerm(real: Date = new Date()): Date {
  const schoolYear = real.getUTCMonth() >= 7 ? real.getUTCFullYear() : real.getUTCFullYear() - 1;
  const day = new Date(Date.UTC(schoolYear, 10, 17));
  day.setUTCDate(17 + ((2 - day.getUTCDay() + 7) % 7));
  // Paris is at UTC+1 in November.
  return new Date(day.getTime() + 8.5 * 3_600_000);
}
