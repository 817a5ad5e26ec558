import type { Platform } from '../../platform/platform.ts';
import { AppError } from '../../platform/errors.ts';
import { getLaunchableService } from './catalogue.service.ts';
import type { SignedIn } from './cas.service.ts';
import { findPerson, insertUse, type ServiceRow, unsafeFindClientSecretHash, unsafeFindServiceByClientId } from './connected-services.repository.ts';
import { oidcClaims } from './oidc-claims.ts';

/** A declared OpenID Connect service by its client id (undefined for anything else, removed ones included). */
export async function findOidcService(platform: Platform, clientId: string): Promise<ServiceRow | undefined> {
  const row = await unsafeFindServiceByClientId(platform.database.db, clientId);
  return row?.protocol === 'oidc' ? row : undefined;
}

/** An OIDC service with its secret's hash, for the provider's client authentication only (never shown). */
export async function findOidcClient(platform: Platform, clientId: string): Promise<{ service: ServiceRow; secretHash: string } | undefined> {
  const service = await findOidcService(platform, clientId);
  const secretHash = service ? await unsafeFindClientSecretHash(platform.database.db, clientId) : undefined;
  return service && secretHash ? { service, secretHash } : undefined;
}

export type InteractionOutcome = { kind: 'login' } | { kind: 'refused' } | { kind: 'granted'; accountId: string };

/**
 * An authorization request that needs the user: the Préau session is his authentication, so without one
 * he goes to the login page; signed in, he is let through only to a service offered to him (the same
 * rule as its tile and as CAS), and there is no consent screen: the collectivité vetted the service.
 */
export async function decideInteraction(platform: Platform, signedIn: SignedIn | undefined, clientId: string): Promise<InteractionOutcome> {
  if (!signedIn) return { kind: 'login' };
  const service = await findOidcService(platform, clientId);
  if (!service) return { kind: 'refused' };
  try {
    await getLaunchableService(platform, signedIn.actor, service.id);
  } catch (error) {
    if (error instanceof AppError) return { kind: 'refused' };
    throw error;
  }
  return { kind: 'granted', accountId: signedIn.actor.accountId };
}

/** The claims a service may receive about an account, or undefined when the account is no longer active. */
export async function findOidcClaims(platform: Platform, clientId: string | undefined, accountId: string): Promise<Record<string, unknown> | undefined> {
  const person = await findPerson(platform.database.db, accountId, platform.schoolYear());
  if (!person) return undefined;
  const service = clientId ? await findOidcService(platform, clientId) : undefined;
  return oidcClaims(accountId, person, service?.attributes ?? []);
}

/** Records a code exchanged for tokens, as CAS records a ticket validation: the service, the account, the time. */
export async function recordOidcValidation(platform: Platform, clientId: string, accountId: string): Promise<void> {
  const service = await findOidcService(platform, clientId);
  if (!service) return;
  await insertUse(platform.database.db, { serviceId: service.id, accountId, kind: 'validation', at: new Date(platform.now()) });
}
