/** Paris wall-clock times of the agenda, whatever the browser's own zone. */

const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The Paris day ("2026-12-14") and time ("17:00") of an instant. */
export function parisParts(iso: string): { date: string; time: string } {
  const p = Object.fromEntries(parts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** The instant of a Paris wall-clock time, with its offset (summer and winter time). */
export function parisInstant(date: string, time: string): string {
  const guess = Date.parse(`${date}T${time}:00Z`);
  for (const hours of [1, 2]) {
    const candidate = new Date(guess - hours * 3_600_000).toISOString();
    const back = parisParts(candidate);
    if (back.date === date && back.time === time) return candidate;
  }
  return new Date(guess - 3_600_000).toISOString();
}
