/// <reference path="./samlify-xmllint-wasm.d.ts" />
import { readFile } from 'node:fs/promises';
import * as xmllint from '@authenio/samlify-xmllint-wasm';
import * as samlify from 'samlify';
import type { EduConnectConfig } from '../../../platform/config.ts';
import type { SamlStateStore } from './educonnect.repository.ts';

// Every SAML message samlify reads is first checked against the SAML 2.0 schemas
// (docs/decisions/2026-12-10-saml-library.md).
samlify.setSchemaValidator(xmllint);

const SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA512 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512';
/** An https metadata URL is read again after this long; a failed read keeps the copy in hand. */
const METADATA_REFRESH_MS = 60 * 60_000;
const METADATA_FETCH_TIMEOUT_MS = 10_000;

export const EDUCONNECT_PATHS = {
  metadata: '/saml/educonnect/metadata',
  login: '/saml/educonnect/login',
  acs: '/saml/educonnect/acs',
} as const;

export interface EduConnectParties {
  sp: samlify.ServiceProviderInstance;
  idp: samlify.IdentityProviderInstance;
}

/**
 * Préau's service provider and the ÉduConnect IdP it trusts, built from the configuration: the SP's
 * entity id is its metadata URL, its single ACS takes HTTP-POST, it signs its AuthnRequests (SHA-256),
 * wants signed assertions, accepts only RSA-SHA256/512 signatures from the IdP's metadata certificate,
 * refuses unsolicited responses and remembers each accepted assertion id in the shared store.
 */
export class EduConnectServiceProvider {
  private spCache: samlify.ServiceProviderInstance | undefined;
  private idpCache: { idp: samlify.IdentityProviderInstance; readAt: number } | undefined;

  constructor(
    private readonly config: EduConnectConfig,
    private readonly publicUrl: string,
    /** Pending logins and used assertion ids (samlify's replay cache), shared by every process. */
    readonly state: SamlStateStore,
  ) {}

  url(path: string): string {
    return `${this.publicUrl}${path}`;
  }

  async serviceProvider(): Promise<samlify.ServiceProviderInstance> {
    if (this.spCache) return this.spCache;
    const [privateKey, signingCert] = await Promise.all([readFile(this.config.spKeyFile, 'utf8'), readFile(this.config.spCertFile, 'utf8')]);
    this.spCache = samlify.ServiceProvider({
      entityID: this.url(EDUCONNECT_PATHS.metadata),
      privateKey,
      signingCert,
      authnRequestsSigned: true,
      wantAssertionsSigned: true,
      requestSignatureAlgorithm: SHA256,
      allowedSignatureAlgorithms: [SHA256, SHA512],
      assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: this.url(EDUCONNECT_PATHS.acs) }],
      clockDrifts: [-this.config.clockSkewMs, this.config.clockSkewMs],
      allowUnsolicitedResponse: false,
      replayCache: this.state,
    });
    return this.spCache;
  }

  async parties(): Promise<EduConnectParties> {
    return { sp: await this.serviceProvider(), idp: await this.identityProvider() };
  }

  private async identityProvider(): Promise<samlify.IdentityProviderInstance> {
    const cached = this.idpCache;
    const source = this.config.idpMetadata;
    if (cached && ('file' in source || Date.now() - cached.readAt < METADATA_REFRESH_MS)) return cached.idp;
    try {
      const metadata = 'file' in source ? await readFile(source.file, 'utf8') : await fetchMetadata(source.url);
      this.idpCache = { idp: samlify.IdentityProvider({ metadata }), readAt: Date.now() };
    } catch (error) {
      if (cached) return cached.idp;
      throw error;
    }
    return this.idpCache.idp;
  }
}

async function fetchMetadata(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(METADATA_FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`ÉduConnect metadata: HTTP ${response.status}`);
  return response.text();
}
