import { describe, expect, it } from 'vitest';
import { courseRelationOn, type CourseLinks } from './relations.ts';

const links = (partial: Partial<CourseLinks>): CourseLinks => ({ teacher: false, learner: false, parent: false, replacedDates: [], ...partial });

describe('courseRelationOn: relations per object and per date', () => {
  const cases: Array<[string, CourseLinks | undefined, string | undefined, string]> = [
    ['the course teacher, whole course', links({ teacher: true }), undefined, 'teacher'],
    ['the course teacher, any session', links({ teacher: true }), '2026-09-21', 'teacher'],
    ['a replacement, the session he replaces', links({ replacedDates: ['2026-09-28'] }), '2026-09-28', 'teacher'],
    ['a replacement, another session', links({ replacedDates: ['2026-09-28'] }), '2026-10-05', 'none'],
    ['a replacement, the whole course (hand-ins, listing, copy)', links({ replacedDates: ['2026-09-28'] }), undefined, 'none'],
    ['a student of the class', links({ learner: true }), undefined, 'learner'],
    ['a parent of a student', links({ parent: true }), '2026-09-21', 'parent'],
    ['a student who also replaces (never both, but teacher wins on his date)', links({ learner: true, replacedDates: ['2026-09-28'] }), '2026-09-28', 'teacher'],
    ['nobody', links({}), undefined, 'none'],
    ['a course he has no row for', undefined, '2026-09-21', 'none'],
  ];
  it.each(cases)('%s', (_who, courseLinks, date, expected) => {
    expect(courseRelationOn(courseLinks, date)).toBe(expected);
  });
});
