/** Hues far enough apart to tell ten subjects of a week at a glance; light tints keep every text above 4.5:1. */
const HUES = [215, 150, 28, 280, 340, 190, 95, 5, 250, 48] as const;

/**
 * The hue of a subject, the same on every page and for every user: taken from
 * its code (BCN), so Mathématiques is the same colour in a class's and a
 * teacher's week. The colour only helps: the subject is always written too.
 */
export function subjectHue(code: string): number {
  let hash = 0;
  for (const char of code) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return HUES[hash % HUES.length]!;
}
