import type { NamedTarget } from '@preau/contracts';
import { describe, expect, it } from 'vitest';
import { draftAddress, dropRescue, findRescue, keepRescue, markRescueExpired, type RescuedDraft, type RescueStorage } from './draft-rescue.ts';

/** A tab's sessionStorage, as a Map. */
function memoryStorage(): RescueStorage & { size: () => number } {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
    size: () => items.size,
  };
}

const lea: NamedTarget = { target: { type: 'PERSON', id: '8b0f6a52-3c0e-4c57-9a1f-0d6f0f1b2c3d' }, label: 'Léa Martin', detail: '2nde 3' };

function copy(overrides: Partial<RescuedDraft> = {}): RescuedDraft {
  return {
    userId: 'teacher-1',
    at: '/messagerie/nouveau',
    reason: 'open',
    draftId: null,
    parentId: null,
    mode: 'NEW',
    to: [lea],
    cc: [],
    bcc: [],
    subject: 'Sortie au musée',
    body: '<p>Bonjour, la sortie</p>',
    ...overrides,
  };
}

describe('the editor copy kept for a session that expires', () => {
  it('gives back to the same user, at the same address, everything he wrote', () => {
    const storage = memoryStorage();
    keepRescue(copy(), storage);
    expect(findRescue('teacher-1', '/messagerie/nouveau', storage)).toEqual(copy());
  });

  it('is offered at the draft address too, once the server has created the draft', () => {
    const storage = memoryStorage();
    keepRescue(copy({ draftId: 'd-1' }), storage);
    expect(findRescue('teacher-1', draftAddress('d-1'), storage)?.subject).toBe('Sortie au musée');
    expect(findRescue('teacher-1', draftAddress('d-2'), storage)).toBeNull();
  });

  it('is kept, not offered, in another editor of the same user', () => {
    const storage = memoryStorage();
    keepRescue(copy(), storage);
    expect(findRescue('teacher-1', '/messagerie/nouveau?a=someone', storage)).toBeNull();
    expect(findRescue('teacher-1', '/messagerie/nouveau', storage)).not.toBeNull();
  });

  it('is never shown to the next person who logs in in the same tab, and is then removed', () => {
    const storage = memoryStorage();
    keepRescue(copy(), storage);
    expect(findRescue('pupil-2', '/messagerie/nouveau', storage)).toBeNull();
    expect(storage.size()).toBe(0);
    expect(findRescue('teacher-1', '/messagerie/nouveau', storage)).toBeNull();
  });

  it('records that the session expired, so the editor says why the words came back', () => {
    const storage = memoryStorage();
    expect(markRescueExpired(storage)).toBe(false);
    keepRescue(copy(), storage);
    expect(markRescueExpired(storage)).toBe(true);
    expect(findRescue('teacher-1', '/messagerie/nouveau', storage)?.reason).toBe('expired');
  });

  it('is forgotten once sent or discarded, and ignores what is not a copy', () => {
    const storage = memoryStorage();
    keepRescue(copy(), storage);
    dropRescue(storage);
    expect(findRescue('teacher-1', '/messagerie/nouveau', storage)).toBeNull();
    storage.setItem('preau.messagerie.rescue', '{not json');
    expect(findRescue('teacher-1', '/messagerie/nouveau', storage)).toBeNull();
    storage.setItem('preau.messagerie.rescue', JSON.stringify({ userId: 'teacher-1' }));
    expect(findRescue('teacher-1', '/messagerie/nouveau', storage)).toBeNull();
  });

  it('works without storage at all (refused by the browser): nothing kept, nothing thrown', () => {
    keepRescue(copy(), undefined);
    expect(findRescue('teacher-1', '/messagerie/nouveau', undefined)).toBeNull();
    const full: RescueStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => undefined };
    expect(() => keepRescue(copy(), full)).not.toThrow();
  });
});
