import { randomBytes } from 'node:crypto';
import type { Actor } from '../../platform/authorization.ts';
import type { Platform } from '../../platform/platform.ts';
import { loadActor } from '../../platform/sessions/actor-loader.ts';
import type { Session } from '../../platform/sessions/session-store.ts';
import { hashToken } from '../../platform/tokens.ts';
import { casAttributes } from './cas-attributes.ts';
import { getLaunchableService } from './catalogue.service.ts';
import { findPerson, insertUse, type ServiceRow, unsafeFindServiceById, unsafeFindServicesByProtocol } from './connected-services.repository.ts';
import { matchesPattern, withTicket } from './service-url.ts';
import { DatabaseTicketStore, RedisTicketStore, type TicketStore } from './ticket.repository.ts';

/** A service or proxy ticket lives 10 seconds: the service validates it at once, server to server. */
export const SERVICE_TICKET_TTL_MS = 10_000;
/** A login this recent counts as "primary credentials presented" for `renew`. */
export const FRESH_LOGIN_MS = 60_000;

/** CAS failure codes (CAS Protocol 3.0.3 §2.5.3, §2.7.2). */
export type CasFailureCode =
  | 'INVALID_REQUEST'
  | 'INVALID_TICKET_SPEC'
  | 'UNAUTHORIZED_SERVICE_PROXY'
  | 'UNAUTHORIZED_SERVICE'
  | 'INVALID_PROXY_CALLBACK'
  | 'INVALID_TICKET'
  | 'INVALID_SERVICE'
  | 'INTERNAL_ERROR';

export class CasFailure extends Error {
  constructor(
    readonly code: CasFailureCode,
    message: string,
  ) {
    super(message);
  }
}

interface TicketData {
  kind: 'ST' | 'PT';
  service: string;
  serviceId: string;
  accountId: string;
  sessionHash: string;
  /** Issued right after a login (primary credentials), not from an older single sign-on session. */
  fresh: boolean;
  /** Proxy callback URLs, most recent first (empty for a service ticket). */
  proxies: string[];
  /** Checked on the platform clock, whatever the store's own expiry does. */
  expiresAt: number;
}

interface GrantingTicketData {
  kind: 'PGT';
  accountId: string;
  serviceId: string;
  sessionHash: string;
  proxies: string[];
}

/** What a session remembers for single logout. */
type SessionEntry = { kind: 'service'; url: string; ticket: string } | { kind: 'pgt'; id: string };

const stores = new WeakMap<Platform, TicketStore>();

/** The platform's ticket store: Redis when configured, the database otherwise. */
export function ticketStoreOf(platform: Platform): TicketStore {
  let store = stores.get(platform);
  if (!store) {
    store = platform.redis ? new RedisTicketStore(platform.redis) : new DatabaseTicketStore(platform.database.db);
    stores.set(platform, store);
  }
  return store;
}

function newTicket(prefix: 'ST' | 'PT' | 'PGT' | 'PGTIOU'): string {
  // 256 bits in hex: unguessable, within the protocol's [A-Za-z0-9-] alphabet.
  return `${prefix}-${randomBytes(32).toString('hex')}`;
}

/** The signed-in user of a request to /cas (the Préau session cookie is the CAS ticket-granting cookie). */
export interface SignedIn {
  idHash: string;
  session: Session;
  actor: Actor;
}

export async function readSignedIn(platform: Platform, cookie: string | undefined): Promise<SignedIn | undefined> {
  if (!cookie) return undefined;
  const idHash = hashToken(cookie);
  const session = await platform.sessions.get(idHash, platform.now());
  if (!session) return undefined;
  const actor = await loadActor(platform.database.db, session.accountId, platform.schoolYear());
  return actor ? { idHash, session, actor } : undefined;
}

/** The declared CAS service whose patterns allow this URL (first declared first), if any. */
export async function findCasService(platform: Platform, serviceUrl: string): Promise<ServiceRow | undefined> {
  const services = await unsafeFindServicesByProtocol(platform.database.db, 'cas');
  return services.find((service) => service.allowed_patterns.some((pattern) => matchesPattern(serviceUrl, pattern)));
}

export type LoginOutcome =
  | { kind: 'redirect'; location: string; endSession?: boolean }
  | { kind: 'error'; code: 'CAS_INVALID_SERVICE' | 'SERVICE_NOT_LAUNCHABLE' };

/** The web app's login page, asked to come back to /cas/login afterwards. */
function loginPage(service: string, renew: boolean): string {
  const back = `/cas/login?service=${encodeURIComponent(service)}${renew ? '&renew=true' : ''}`;
  return `/connexion?retour=${encodeURIComponent(back)}`;
}

/**
 * /cas/login: a ticket for a declared service when signed in, the login page otherwise; `gateway` goes
 * back to the service without a ticket rather than asking; `renew` wants a login made just now, so an
 * older session is ended and the user logs in again. An undeclared service gets an error, never a redirect.
 */
export async function casLogin(
  platform: Platform,
  signedIn: SignedIn | undefined,
  params: { service?: string; renew?: boolean; gateway?: boolean },
): Promise<LoginOutcome> {
  const { service: serviceUrl } = params;
  if (!serviceUrl) return { kind: 'redirect', location: signedIn ? '/' : '/connexion' };
  const service = await findCasService(platform, serviceUrl);
  if (!service) return { kind: 'error', code: 'CAS_INVALID_SERVICE' };
  const renew = params.renew === true;
  const fresh = signedIn !== undefined && signedIn.session.createdAt >= platform.now() - FRESH_LOGIN_MS;
  if (signedIn && renew && !fresh) {
    await endCasSession(platform, signedIn.idHash);
    await platform.sessions.delete(signedIn.idHash);
    return { kind: 'redirect', location: loginPage(serviceUrl, true), endSession: true };
  }
  if (!signedIn) {
    // CAS 3.0 §2.1.1: with both, renew wins and gateway is ignored.
    if (params.gateway && !renew) return { kind: 'redirect', location: serviceUrl };
    return { kind: 'redirect', location: loginPage(serviceUrl, renew) };
  }
  try {
    await getLaunchableService(platform, signedIn.actor, service.id);
  } catch {
    return { kind: 'error', code: 'SERVICE_NOT_LAUNCHABLE' };
  }
  const ticket = newTicket('ST');
  const store = ticketStoreOf(platform);
  const now = platform.now();
  const data: TicketData = {
    kind: 'ST',
    service: serviceUrl,
    serviceId: service.id,
    accountId: signedIn.actor.accountId,
    sessionHash: signedIn.idHash,
    fresh,
    proxies: [],
    expiresAt: now + SERVICE_TICKET_TTL_MS,
  };
  await store.put(ticket, data, SERVICE_TICKET_TTL_MS, now);
  const entry: SessionEntry = { kind: 'service', url: serviceUrl, ticket };
  await store.remember(signedIn.idHash, entry, platform.config.sessionAbsoluteMs, now);
  return { kind: 'redirect', location: withTicket(serviceUrl, ticket) };
}

export interface ValidationSuccess {
  user: string;
  attributes: Record<string, string[]>;
  pgtIou: string | undefined;
  proxies: string[];
  fresh: boolean;
}

/**
 * Validates a service (or proxy) ticket: once only, for the service it was issued to. With `pgtUrl`,
 * a proxy-granting ticket is handed to that callback (one of the service's own URLs) before answering.
 */
export async function validateTicket(
  platform: Platform,
  params: { service?: string; ticket?: string; renew?: boolean; pgtUrl?: string },
  options: { allowProxyTickets: boolean },
): Promise<ValidationSuccess> {
  const { service, ticket } = params;
  if (!service || !ticket) throw new CasFailure('INVALID_REQUEST', 'service and ticket are required');
  const isProxyTicket = ticket.startsWith('PT-');
  if (!ticket.startsWith('ST-') && !isProxyTicket) throw new CasFailure('INVALID_TICKET', `Ticket ${ticket} not recognized`);
  const store = ticketStoreOf(platform);
  const now = platform.now();
  const data = (await store.take(ticket, now)) as TicketData | undefined;
  if (!data || (data.kind !== 'ST' && data.kind !== 'PT') || data.expiresAt <= now) throw new CasFailure('INVALID_TICKET', `Ticket ${ticket} not recognized`);
  if (isProxyTicket && !options.allowProxyTickets) throw new CasFailure('INVALID_TICKET_SPEC', 'Proxy tickets are validated at /proxyValidate');
  if (data.service !== service) throw new CasFailure('INVALID_SERVICE', 'The ticket was issued to another service');
  if (params.renew && !data.fresh) throw new CasFailure('INVALID_TICKET_SPEC', 'The ticket comes from a single sign-on session, not a new login');
  const db = platform.database.db;
  const row = await unsafeFindServiceById(db, data.serviceId);
  if (!row) throw new CasFailure('INVALID_SERVICE', 'The service is no longer declared');
  const person = await findPerson(db, data.accountId, platform.schoolYear());
  if (!person) throw new CasFailure('INVALID_TICKET', 'The account is no longer active');

  let pgtIou: string | undefined;
  if (params.pgtUrl) pgtIou = await grantProxyTicket(platform, row, data, params.pgtUrl);
  await insertUse(db, { serviceId: row.id, accountId: data.accountId, kind: 'validation', at: new Date(now) });
  return { user: person.login, attributes: casAttributes(person, row.attributes), pgtIou, proxies: data.proxies, fresh: data.fresh };
}

/** CAS 3.0 §2.5.4: the callback must be one of the service's URLs, over https outside development, and answer 200. */
async function grantProxyTicket(platform: Platform, service: ServiceRow, data: TicketData, pgtUrl: string): Promise<string | undefined> {
  const secure = platform.config.publicUrl.startsWith('https:');
  if ((secure && !pgtUrl.startsWith('https:')) || !service.allowed_patterns.some((pattern) => matchesPattern(pgtUrl, pattern))) {
    throw new CasFailure('INVALID_PROXY_CALLBACK', 'The proxy callback is not one of the service’s declared URLs');
  }
  const pgt = newTicket('PGT');
  const iou = newTicket('PGTIOU');
  const callback = new URL(pgtUrl);
  callback.searchParams.set('pgtId', pgt);
  callback.searchParams.set('pgtIou', iou);
  const answered = await fetch(callback, { redirect: 'manual', signal: AbortSignal.timeout(5000) })
    .then((response) => response.status === 200)
    .catch(() => false);
  if (!answered) return undefined;
  const store = ticketStoreOf(platform);
  const now = platform.now();
  const granting: GrantingTicketData = {
    kind: 'PGT',
    accountId: data.accountId,
    serviceId: service.id,
    sessionHash: data.sessionHash,
    proxies: [pgtUrl, ...data.proxies],
  };
  await store.put(pgt, granting, platform.config.sessionIdleMs, now);
  const entry: SessionEntry = { kind: 'pgt', id: pgt };
  await store.remember(data.sessionHash, entry, platform.config.sessionAbsoluteMs, now);
  return iou;
}

/** /cas/proxy: a proxy ticket for a declared target service offered to the same user. */
export async function issueProxyTicket(platform: Platform, params: { pgt?: string; targetService?: string }): Promise<string> {
  const { pgt, targetService } = params;
  if (!pgt || !targetService) throw new CasFailure('INVALID_REQUEST', 'pgt and targetService are required');
  const store = ticketStoreOf(platform);
  const now = platform.now();
  const granting = pgt.startsWith('PGT-') ? ((await store.get(pgt, now)) as GrantingTicketData | undefined) : undefined;
  if (!granting || granting.kind !== 'PGT') throw new CasFailure('INVALID_TICKET', `Ticket ${pgt} not recognized`);
  const target = await findCasService(platform, targetService);
  const actor = await loadActor(platform.database.db, granting.accountId, platform.schoolYear());
  if (!target || !actor) throw new CasFailure('UNAUTHORIZED_SERVICE', 'The target service is not declared');
  try {
    await getLaunchableService(platform, actor, target.id);
  } catch {
    throw new CasFailure('UNAUTHORIZED_SERVICE', 'The target service is not offered to this user');
  }
  const ticket = newTicket('PT');
  const data: TicketData = {
    kind: 'PT',
    service: targetService,
    serviceId: target.id,
    accountId: granting.accountId,
    sessionHash: granting.sessionHash,
    fresh: false,
    proxies: granting.proxies,
    expiresAt: now + SERVICE_TICKET_TTL_MS,
  };
  await store.put(ticket, data, SERVICE_TICKET_TTL_MS, now);
  const entry: SessionEntry = { kind: 'service', url: targetService, ticket };
  await store.remember(granting.sessionHash, entry, platform.config.sessionAbsoluteMs, now);
  return ticket;
}

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The SAML 2 LogoutRequest CAS servers POST to a service (CAS 3.0 Appendix C). */
export function logoutRequest(ticket: string, now: number): string {
  return (
    `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ` +
    `ID="LR-${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${new Date(now).toISOString()}">` +
    `<saml:NameID>@NOT_USED@</saml:NameID><samlp:SessionIndex>${escapeXml(ticket)}</samlp:SessionIndex></samlp:LogoutRequest>`
  );
}

/**
 * Ends the CAS side of a session: its proxy-granting tickets are dropped and every service it signed
 * into receives a logout request. Those POSTs are not awaited: a slow service cannot hold a logout up.
 * `sent` resolves when they have all been answered or given up (tests wait on it).
 */
export async function endCasSession(platform: Platform, sessionHash: string): Promise<{ sent: Promise<void> }> {
  const store = ticketStoreOf(platform);
  const now = platform.now();
  const entries = (await store.forgetSession(sessionHash, now)) as SessionEntry[];
  const posts: Promise<unknown>[] = [];
  for (const entry of entries) {
    if (entry.kind === 'pgt') {
      await store.delete(entry.id);
      continue;
    }
    posts.push(
      fetch(entry.url, {
        method: 'POST',
        body: new URLSearchParams({ logoutRequest: logoutRequest(entry.ticket, now) }),
        redirect: 'manual',
        signal: AbortSignal.timeout(5000),
      }).catch(() => undefined),
    );
  }
  return { sent: Promise.all(posts).then(() => undefined) };
}

/**
 * /cas/logout: ends the Préau session and its single sign-on; goes on to `service` only when it is a
 * declared CAS service URL (the old `url` parameter is ignored, CAS 3.0 §2.3.1).
 */
export async function casLogout(platform: Platform, signedIn: SignedIn | undefined, service: string | undefined): Promise<string | undefined> {
  if (signedIn) {
    await endCasSession(platform, signedIn.idHash);
    await platform.sessions.delete(signedIn.idHash);
  }
  if (service && (await findCasService(platform, service))) return service;
  return undefined;
}

export { escapeXml };
