import type { Config } from '../../platform/config.ts';
import { createPlatform, type Platform } from '../../platform/platform.ts';
import { ID_TOKEN_TTL } from './oidc.provider.ts';
import { rotateOidcKeys } from './oidc.repository.ts';
import { OIDC_KEYS_CHECK_MS } from './oidc.routes.ts';
import type { CommandResult } from './services-command.ts';

export const oidcUsage = `Usage:
  preau oidc rotate-keys   A new signing key (and cookie key) for the OpenID Connect provider; the previous
                           one stays published until what it signed has expired.`;

/** `preau oidc rotate-keys`: run it on a schedule (monthly, say) or at once if a key may have leaked. */
export async function runOidc(platform: Platform, argv: string[]): Promise<CommandResult> {
  if (argv.length !== 1 || argv[0] !== 'rotate-keys') return { code: 2, out: [], err: [oidcUsage] };
  const { signingKeyId, retired } = await rotateOidcKeys(platform.database.db, new Date(platform.now()), {
    signing: ID_TOKEN_TTL,
    // The provider's cookies (its session) live as long as a Préau session may.
    cookie: Math.ceil(platform.config.sessionAbsoluteMs / 1000),
  });
  return {
    code: 0,
    out: [
      `New signing key ${signingKeyId}: every server process signs with it within ${OIDC_KEYS_CHECK_MS / 1000} s, no restart needed.`,
      `The previous key stays in the JWKS for ${ID_TOKEN_TTL / 60} minutes after this, so the ID tokens it signed still verify.`,
      retired.length > 0 ? `Retired ${retired.length} key(s) replaced long enough ago: ${retired.join(', ')}.` : 'No key old enough to retire yet.',
    ],
    err: [],
  };
}

export async function runOidcCommand(config: Config, argv: string[]): Promise<number> {
  const platform = await createPlatform(config);
  try {
    const result = await runOidc(platform, argv);
    for (const line of result.out) console.log(line);
    for (const line of result.err) console.error(line);
    return result.code;
  } finally {
    await platform.close();
  }
}
