import type { MyChild } from '@preau/contracts';
import { describe, expect, it } from 'vitest';
import { pickChild } from './child-choice.ts';

const child = (id: string, hasCourses: boolean): MyChild => ({ id, firstName: id, displayName: `${id} Martin`, classes: [], hasCourses });

describe('pickChild', () => {
  const hugo = child('hugo', false);
  const lea = child('lea', true);
  it('opens on a child with courses rather than on the first name', () => {
    expect(pickChild([hugo, lea], null)).toBe(lea);
  });
  it('keeps the choice the parent made, even for a child without courses', () => {
    expect(pickChild([hugo, lea], 'hugo')).toBe(hugo);
  });
  it('forgets a stored child who is no longer his (another account, a link removed)', () => {
    expect(pickChild([hugo, lea], 'someone-else')).toBe(lea);
  });
  it('takes the first child when none has courses, and nothing when there is none', () => {
    expect(pickChild([hugo, child('zoe', false)], null)).toBe(hugo);
    expect(pickChild([], null)).toBeUndefined();
  });
});
