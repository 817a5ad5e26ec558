/** A wait expressed in the unit a person reads best: seconds under two minutes, else minutes. */
export interface WaitTime {
  unit: 'seconds' | 'minutes';
  count: number;
}

/** Rounds a wait in seconds (as in `retryAfter`) up to whole seconds or minutes. */
export function waitTime(seconds: number): WaitTime {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 120) return { unit: 'seconds', count: whole };
  return { unit: 'minutes', count: Math.ceil(whole / 60) };
}
