import type { ErrorCode } from '@preau/contracts';
import { z } from 'zod';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { AppError } from '../../../platform/errors.ts';
import type { Platform } from '../../../platform/platform.ts';
import { newToken } from '../../../platform/tokens.ts';
import { openSession } from '../session.service.ts';
import { findAccountsByJoinKeys, samlStateStore } from './educonnect.repository.ts';
import { EduConnectServiceProvider } from './educonnect-sp.ts';
import { joinKeysOf } from './jointure.ts';

/** How long a login started here waits for ÉduConnect's answer. */
const PENDING_LOGIN_MS = 10 * 60_000;
const MAX_RETURN_PATH = 512;

/** `browser`: the value of the cookie set on the browser that started the login (https only, see below). */
const PendingLogin = z.object({ requestId: z.string().min(1), returnTo: z.string(), browser: z.string().optional() });
type PendingLogin = z.infer<typeof PendingLogin>;

const providers = new WeakMap<Platform, EduConnectServiceProvider>();

/** The configured SP of this platform; EDUCONNECT_DISABLED when ÉduConnect is off. */
function serviceProviderOf(platform: Platform): EduConnectServiceProvider {
  const config = platform.config.educonnect;
  if (!config) throw new AppError('EDUCONNECT_DISABLED');
  let provider = providers.get(platform);
  if (!provider) {
    provider = new EduConnectServiceProvider(config, platform.config.publicUrl, samlStateStore(platform.database.db, platform.redis));
    providers.set(platform, provider);
  }
  return provider;
}

/** Whether the login page shows the ÉduConnect button. */
export function isEduConnectEnabled(platform: Platform): boolean {
  return platform.config.educonnect !== undefined;
}

/** The SP metadata the académie registers with the ÉduConnect federation. */
export async function educonnectMetadata(platform: Platform): Promise<string> {
  return (await serviceProviderOf(platform).serviceProvider()).getMetadata();
}

/**
 * A path of this site to land on after the login, or `/`: never a URL, a protocol-relative `//host`
 * or a backslash trick a browser would read as another host (no open redirect).
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_RETURN_PATH) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  return value;
}

/**
 * Starts a login: a signed AuthnRequest for the HTTP-Redirect binding. Its id and the return path wait
 * in the shared store under a random RelayState, so the answer can be tied to this request and the
 * browser sent back only to a path of ours, whichever process receives it.
 */
export async function startEduConnectLogin(platform: Platform, reply: FastifyReply, returnTo: unknown): Promise<string> {
  const provider = serviceProviderOf(platform);
  const { sp, idp } = await loadParties(provider, reply.log);
  const relayState = newToken();
  const { id, context } = sp.createLoginRequest(idp, 'redirect', { relayState });
  const pending: PendingLogin = { requestId: id, returnTo: safeReturnPath(returnTo) };
  // Login CSRF: without it, someone could start a login, stop at ÉduConnect's answer and have a victim's browser
  // post it, logging the victim into the attacker's account. The answer comes back by a cross-site POST, which
  // carries only a SameSite=None cookie, which browsers keep only when Secure: over https (production) the
  // login is tied to this browser; over plain http (a local demo) it cannot be.
  if (platform.config.secureCookies) {
    pending.browser = newToken();
    void reply.setCookie(BROWSER_COOKIE, pending.browser, { path: '/saml/educonnect', httpOnly: true, secure: true, sameSite: 'none', maxAge: PENDING_LOGIN_MS / 1000 });
  }
  await provider.state.put(`request:${relayState}`, pending, new Date(Date.now() + PENDING_LOGIN_MS));
  return context;
}

const BROWSER_COOKIE = 'preau_educonnect';

/**
 * Receives ÉduConnect's answer (HTTP-POST binding) and opens the Préau session exactly as a password
 * login does. samlify checks the schema, the signature against the IdP's metadata, the issuer, the
 * audience, the destination and recipient, the time window and InResponseTo, then records the
 * assertion id as used (last, so a refused answer does not use it up). The account is the one holding
 * the AAF jointures of `FrEduCtRefId`; nothing is ever created. Returns the local path to go to.
 */
export async function finishEduConnectLogin(platform: Platform, reply: FastifyReply, body: unknown, cookies: Record<string, string | undefined>): Promise<string> {
  const provider = serviceProviderOf(platform);
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const samlResponse = form.SAMLResponse;
  const relayState = form.RelayState;
  if (typeof samlResponse !== 'string' || samlResponse === '') throw new AppError('EDUCONNECT_BAD_REQUEST');

  // Taken at once: a login request is answered once. An unknown one is still checked below, so that a
  // replayed assertion is reported as such (its id is then already in the store).
  const stored = typeof relayState === 'string' && relayState !== '' ? await provider.state.take(`request:${relayState}`) : undefined;
  const pending = PendingLogin.safeParse(stored).data;
  if (pending?.browser !== undefined) {
    void reply.clearCookie(BROWSER_COOKIE, { path: '/saml/educonnect' });
    if (cookies[BROWSER_COOKIE] !== pending.browser) throw new AppError('EDUCONNECT_OTHER_BROWSER');
  }
  const { sp, idp } = await loadParties(provider, reply.log);
  let attributes: Record<string, unknown>;
  try {
    const result = await sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: samlResponse } }, pending ? { inResponseTo: pending.requestId } : {});
    attributes = (result.extract as { attributes?: Record<string, unknown> }).attributes ?? {};
  } catch (error) {
    const code = refusalCode(error);
    reply.log.warn({ samlError: samlifyCode(error), code }, 'ÉduConnect answer refused');
    throw new AppError(code);
  }
  if (!pending) throw new AppError('EDUCONNECT_BAD_REQUEST');

  const refIds = attributes.FrEduCtRefId;
  const values = (Array.isArray(refIds) ? refIds : refIds === undefined ? [] : [refIds]).filter((v): v is string => typeof v === 'string');
  const accounts = await findAccountsByJoinKeys(platform.database.db, joinKeysOf(values));
  if (accounts.length === 0) throw new AppError('EDUCONNECT_NO_ACCOUNT');
  if (accounts.length > 1) throw new AppError('EDUCONNECT_SEVERAL_ACCOUNTS');
  const account = accounts[0]!;
  if (account.status !== 'ACTIVE') throw new AppError('EDUCONNECT_ACCOUNT_NOT_ACTIVE');
  try {
    await openSession(platform, reply, account);
  } catch (error) {
    // openSession refuses an account without current rights (deleted or blocked meanwhile).
    if (error instanceof AppError && error.code === 'INVALID_CREDENTIALS') throw new AppError('EDUCONNECT_ACCOUNT_NOT_ACTIVE');
    throw error;
  }
  return pending.returnTo;
}

async function loadParties(provider: EduConnectServiceProvider, log: FastifyBaseLogger) {
  try {
    return await provider.parties();
  } catch (error) {
    log.error({ err: error }, 'ÉduConnect: IdP metadata or SP key unreadable');
    throw new AppError('EDUCONNECT_UNAVAILABLE');
  }
}

/** samlify rejects with an Error whose message is its code, or (its schema validator) with a bare string. */
function samlifyCode(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const refusals: Array<[RegExp, ErrorCode]> = [
  [/SIGNATURE|UNMATCH_ISSUER|CERTIFICATE|WRAPPING_ATTACK/, 'EDUCONNECT_SIGNATURE_INVALID'],
  [/^ERR_AUDIENCE_MISMATCH$/, 'EDUCONNECT_AUDIENCE_MISMATCH'],
  [/^ERR_RECIPIENT_MISMATCH$/, 'EDUCONNECT_DESTINATION_MISMATCH'],
  [/^ERR_SUBJECT_UNCONFIRMED$|^ERR_EXPIRED_SESSION$/, 'EDUCONNECT_ASSERTION_EXPIRED'],
  [/^ERR_REPLAYED_ASSERTION$/, 'EDUCONNECT_ASSERTION_REPLAYED'],
  [/^ERR_FAILED_STATUS/, 'EDUCONNECT_AUTHN_FAILED'],
];

/** Préau's stable code for a samlify refusal; anything unrecognised is a bad request, never a 500. */
export function refusalCode(error: unknown): ErrorCode {
  const code = samlifyCode(error);
  return refusals.find(([pattern]) => pattern.test(code))?.[1] ?? 'EDUCONNECT_BAD_REQUEST';
}
