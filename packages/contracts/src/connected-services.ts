import { z } from 'zod';
import { Profile } from './common.ts';

/**
 * Connected services ("Mes applis", issue 14): the other school services a
 * user reaches through Préau (vie scolaire, textbooks, library, Moodle…),
 * over CAS, OpenID Connect or a plain link. Not the portal's own apps
 * (apps.ts).
 */

export const ssoProtocols = ['cas', 'oidc', 'link'] as const;
export const SsoProtocol = z.enum(ssoProtocols);
export type SsoProtocol = z.infer<typeof SsoProtocol>;

/** The icons a tile may show (drawn by the web app; no remote image is ever loaded). */
export const serviceIcons = ['app', 'book', 'calendar', 'chart', 'library', 'school', 'video', 'link'] as const;
export const ServiceIcon = z.enum(serviceIcons);

/** Attributes a CAS service may receive (STANDARDS.md §4.1: Open ENT NG names and SDET names). */
export const releasableAttributes = [
  'uid',
  'ENTPersonLogin',
  'ENTPersonStructRattach',
  'ENTPersonStructRattachRNE',
  'ENTPersonProfils',
  'profile',
  'lastName',
  'firstName',
  'displayName',
  'email',
  'ENTPersonMail',
  'ENTEleveClasses',
  'ENTClasse',
] as const;
export const ReleasableAttribute = z.enum(releasableAttributes);
export type ReleasableAttribute = z.infer<typeof ReleasableAttribute>;

/**
 * A service URL pattern: an absolute http(s) URL without query or fragment; a
 * final `*` allows every path below it. The origin always matches exactly.
 */
export const ServiceUrlPattern = z
  .string()
  .trim()
  .max(500)
  .refine((value) => isPatternShaped(value), { message: 'http(s) URL, no query, no fragment; optional final *' });

function isPatternShaped(value: string): boolean {
  const body = value.endsWith('*') ? value.slice(0, -1) : value;
  if (body.includes('*')) return false;
  try {
    const url = new URL(body);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.search && !url.hash && url.hostname !== '';
  } catch {
    return false;
  }
}

const HttpUrl = z
  .string()
  .trim()
  .max(1000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, { message: 'http(s) URL' });

export const CreateConnectedServiceBody = z.strictObject({
  name: z.string().trim().min(1).max(80),
  icon: ServiceIcon.default('app'),
  launchUrl: HttpUrl,
  protocol: SsoProtocol,
  /** Where tickets or redirects may go; required for CAS and OIDC. */
  allowedPatterns: z.array(ServiceUrlPattern).max(20).default([]),
  profiles: z.array(Profile).min(1).max(6),
  /** Only these structures see it (ids); empty: every structure of the collectivité. */
  structureIds: z.array(z.uuid()).max(500).default([]),
  attributes: z.array(ReleasableAttribute).max(releasableAttributes.length).default(['uid']),
  /** Shown at once in every structure; otherwise each ADML enables it. */
  enabledByDefault: z.boolean().default(true),
});
export type CreateConnectedServiceBody = z.infer<typeof CreateConnectedServiceBody>;

/**
 * A catalogue service edited by its ADMC: every field but the protocol (an OIDC client keeps its id; a
 * service changing protocol is removed and declared again, so no ticket or secret outlives the change).
 */
export const UpdateConnectedServiceBody = CreateConnectedServiceBody.omit({ protocol: true });
export type UpdateConnectedServiceBody = z.infer<typeof UpdateConnectedServiceBody>;

/** A new OIDC client secret, answered once: the previous one is refused from then on. */
export const RotatedClientSecret = z.object({ oidcClientId: z.string(), oidcClientSecret: z.string() });
export type RotatedClientSecret = z.infer<typeof RotatedClientSecret>;

/** A structure's own link, added by its ADML. */
export const CreateStructureLinkBody = z.strictObject({
  name: z.string().trim().min(1).max(80),
  icon: ServiceIcon.default('link'),
  launchUrl: HttpUrl,
  profiles: z.array(Profile).min(1).max(6),
});
export type CreateStructureLinkBody = z.infer<typeof CreateStructureLinkBody>;

export const ConnectedService = z.object({
  id: z.uuid(),
  name: z.string(),
  icon: ServiceIcon,
  launchUrl: z.string(),
  protocol: SsoProtocol,
  allowedPatterns: z.array(z.string()),
  profiles: z.array(Profile),
  structureIds: z.array(z.uuid()),
  attributes: z.array(ReleasableAttribute),
  enabledByDefault: z.boolean(),
  /** The structure that owns this link (an ADML's own), null for the collectivité's catalogue. */
  ownerStructureId: z.uuid().nullable(),
  oidcClientId: z.string().nullable(),
});
export type ConnectedService = z.infer<typeof ConnectedService>;

export const ConnectedServiceList = z.object({ items: z.array(ConnectedService) });

/** Answered once, at creation of an OIDC client: the secret is kept hashed and never shown again. */
export const CreatedConnectedService = z.object({
  service: ConnectedService,
  oidcClientSecret: z.string().nullable(),
});

export const ServiceStructureParams = z.strictObject({ structureId: z.uuid() });
export const StructureServiceParams = z.strictObject({ structureId: z.uuid(), serviceId: z.uuid() });

export const StructureServiceSetting = z.strictObject({ enabled: z.boolean() });

/** A service as a structure's ADML sees it: whether it is shown there. */
export const StructureService = ConnectedService.extend({ enabled: z.boolean() });
export type StructureService = z.infer<typeof StructureService>;
export const StructureServiceList = z.object({ items: z.array(StructureService) });

/** A tile of "Mes applis". */
export const ServiceTile = z.object({
  id: z.uuid(),
  name: z.string(),
  icon: ServiceIcon,
  protocol: SsoProtocol,
  isFavorite: z.boolean(),
  /** Where the browser goes to open it: always through Préau. */
  launchPath: z.string(),
});
export type ServiceTile = z.infer<typeof ServiceTile>;
export const ServiceTileList = z.object({ items: z.array(ServiceTile) });
export const ServiceTilesQuery = z.strictObject({ q: z.string().trim().max(80).optional() });
