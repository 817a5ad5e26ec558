import { describe, expect, it } from 'vitest';
import { waitTime } from './wait-time.ts';

describe('waitTime', () => {
  it('keeps short waits in seconds, rounded up', () => {
    expect(waitTime(0.2)).toEqual({ unit: 'seconds', count: 1 });
    expect(waitTime(59.1)).toEqual({ unit: 'seconds', count: 60 });
    expect(waitTime(119)).toEqual({ unit: 'seconds', count: 119 });
  });

  it('turns long waits into whole minutes', () => {
    expect(waitTime(120)).toEqual({ unit: 'minutes', count: 2 });
    expect(waitTime(900)).toEqual({ unit: 'minutes', count: 15 });
    expect(waitTime(901)).toEqual({ unit: 'minutes', count: 16 });
  });
});
