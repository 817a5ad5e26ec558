import type { NamedTarget } from '@preau/contracts';

/*
 * The editor keeps a copy of what is being written in this tab until the
 * server has it. The autosave sends a draft two seconds after the last key;
 * when the session has expired meanwhile, that save is refused, the user is
 * sent to log in, and this copy brings the words back once he is in again.
 *
 * sessionStorage, not localStorage: school computers are shared, and the copy
 * must die with the tab. It names its owner, so whoever logs in next in the
 * same tab never sees it.
 */

/** What the editor held, and why it was left. */
export interface RescuedDraft {
  userId: string;
  /** The editor's address (path and query): the login returns there, and only there is the copy offered. */
  at: string;
  /** `expired`: the server refused a save because the session was over; `open`: the editor was still open (a reload). */
  reason: 'expired' | 'open';
  draftId: string | null;
  parentId: string | null;
  mode: 'NEW' | 'REPLY' | 'FORWARD';
  to: NamedTarget[];
  cc: NamedTarget[];
  bcc: NamedTarget[];
  subject: string;
  body: string;
}

/** The part of the Web Storage API used here (tests pass a Map-backed one). */
export type RescueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const KEY = 'preau.messagerie.rescue';

function browserStorage(): RescueStorage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    // Storage refused (private mode, policy): the server's autosave is then the only copy.
    return undefined;
  }
}

/** Keeps `copy` for this tab (replacing any earlier one). */
export function keepRescue(copy: RescuedDraft, storage: RescueStorage | undefined = browserStorage()): void {
  try {
    storage?.setItem(KEY, JSON.stringify(copy));
  } catch {
    // Quota exceeded: the server's autosave still holds the last saved state.
  }
}

/** Marks the kept copy as left because the session expired (the login page then says so). */
export function markRescueExpired(storage: RescueStorage | undefined = browserStorage()): boolean {
  const copy = readRescue(storage);
  if (!copy) return false;
  keepRescue({ ...copy, reason: 'expired' }, storage);
  return true;
}

function readRescue(storage: RescueStorage | undefined): RescuedDraft | null {
  try {
    const text = storage?.getItem(KEY);
    if (!text) return null;
    const copy = JSON.parse(text) as Partial<RescuedDraft>;
    return typeof copy.userId === 'string' && typeof copy.at === 'string' && typeof copy.body === 'string' ? (copy as RescuedDraft) : null;
  } catch {
    return null;
  }
}

/** The editor's address of a saved draft (as the Brouillons folder links it). */
export function draftAddress(draftId: string): string {
  return `/messagerie/nouveau?brouillon=${draftId}`;
}

/**
 * The copy left by `userId` in the editor at `at` (or in the draft opened
 * there from the Brouillons folder), or null. A copy of another user is
 * removed on sight; one of the same user at another address is kept for when
 * he goes back there.
 */
export function findRescue(userId: string, at: string, storage: RescueStorage | undefined = browserStorage()): RescuedDraft | null {
  const copy = readRescue(storage);
  if (!copy) return null;
  if (copy.userId !== userId) {
    dropRescue(storage);
    return null;
  }
  return copy.at === at || (copy.draftId !== null && draftAddress(copy.draftId) === at) ? copy : null;
}

/** Forgets the copy: the message was sent, discarded, or the server holds it all. */
export function dropRescue(storage: RescueStorage | undefined = browserStorage()): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    // Nothing to forget.
  }
}
