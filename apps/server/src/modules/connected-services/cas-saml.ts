import { randomBytes } from 'node:crypto';
import { SaxesParser } from 'saxes';
import { escapeXml, type ValidationSuccess } from './cas.service.ts';

const SAMLP = 'urn:oasis:names:tc:SAML:1.0:protocol';

/**
 * The ticket of a /samlValidate request (CAS Protocol 3.0 §4.2): the text of the one `samlp:AssertionArtifact`
 * of a SOAP-wrapped SAML 1.1 `samlp:Request`. Undefined for anything else (not XML, no artifact, several).
 * saxes reads no DTD and resolves no external entity.
 */
export function readAssertionArtifact(xml: string): string | undefined {
  const parser = new SaxesParser({ xmlns: true });
  const artifacts: string[] = [];
  let inArtifact = false;
  let text = '';
  parser.on('opentag', (tag) => {
    if (tag.uri === SAMLP && tag.local === 'AssertionArtifact') {
      inArtifact = true;
      text = '';
    }
  });
  parser.on('text', (chunk) => {
    if (inArtifact) text += chunk;
  });
  parser.on('closetag', (tag) => {
    if (inArtifact && tag.uri === SAMLP && tag.local === 'AssertionArtifact') {
      inArtifact = false;
      artifacts.push(text.trim());
    }
  });
  try {
    parser.write(xml).close();
  } catch {
    return undefined;
  }
  // phpCAS url-encodes the ticket it wraps; a CAS ticket has nothing to encode, so decoding is harmless.
  const [artifact] = artifacts;
  if (artifacts.length !== 1 || !artifact) return undefined;
  try {
    return decodeURIComponent(artifact);
  } catch {
    return undefined;
  }
}

function envelope(response: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header/><SOAP-ENV:Body>${response}</SOAP-ENV:Body></SOAP-ENV:Envelope>\n`;
}

const responseOpen = (now: number, recipient: string) =>
  `<samlp:Response xmlns:samlp="${SAMLP}" xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" ` +
  `IssueInstant="${new Date(now).toISOString()}" MajorVersion="1" MinorVersion="1" Recipient="${escapeXml(recipient)}" ResponseID="_${randomBytes(16).toString('hex')}">`;

const subject = (user: string) =>
  `<saml:Subject><saml:NameIdentifier>${escapeXml(user)}</saml:NameIdentifier>` +
  `<saml:SubjectConfirmation><saml:ConfirmationMethod>urn:oasis:names:tc:SAML:1.0:cm:artifact</saml:ConfirmationMethod></saml:SubjectConfirmation></saml:Subject>`;

/** The SAML 1.1 answer to a validated ticket: the user, his released attributes, valid 30 s for this service. */
export function samlSuccess(result: ValidationSuccess, service: string, issuer: string, now: number): string {
  const instant = new Date(now).toISOString();
  const attributes = Object.entries(result.attributes)
    .map(
      ([name, values]) =>
        `<saml:Attribute AttributeName="${escapeXml(name)}" AttributeNamespace="http://www.ja-sig.org/products/cas/">` +
        values.map((value) => `<saml:AttributeValue>${escapeXml(value)}</saml:AttributeValue>`).join('') +
        `</saml:Attribute>`,
    )
    .join('');
  return envelope(
    responseOpen(now, service) +
      `<samlp:Status><samlp:StatusCode Value="samlp:Success"/></samlp:Status>` +
      `<saml:Assertion AssertionID="_${randomBytes(16).toString('hex')}" IssueInstant="${instant}" Issuer="${escapeXml(issuer)}" MajorVersion="1" MinorVersion="1">` +
      `<saml:Conditions NotBefore="${instant}" NotOnOrAfter="${new Date(now + 30_000).toISOString()}">` +
      `<saml:AudienceRestrictionCondition><saml:Audience>${escapeXml(service)}</saml:Audience></saml:AudienceRestrictionCondition></saml:Conditions>` +
      (attributes ? `<saml:AttributeStatement>${subject(result.user)}${attributes}</saml:AttributeStatement>` : '') +
      `<saml:AuthenticationStatement AuthenticationInstant="${instant}" AuthenticationMethod="urn:oasis:names:tc:SAML:1.0:am:password">${subject(result.user)}</saml:AuthenticationStatement>` +
      `</saml:Assertion></samlp:Response>`,
  );
}

/**
 * A refusal: `samlp:Requester` when the request itself is wrong, `samlp:Responder` with `samlp:RequestDenied`
 * for a ticket that does not validate; the CAS failure code in the status message. No NameIdentifier, ever
 * (phpCAS takes any NameIdentifier for a success).
 */
export function samlFailure(kind: 'Requester' | 'RequestDenied', code: string, message: string, recipient: string, now: number): string {
  const status = kind === 'Requester' ? `<samlp:StatusCode Value="samlp:Requester"/>` : `<samlp:StatusCode Value="samlp:Responder"><samlp:StatusCode Value="samlp:RequestDenied"/></samlp:StatusCode>`;
  return envelope(`${responseOpen(now, recipient)}<samlp:Status>${status}<samlp:StatusMessage>${escapeXml(`${code}: ${message}`)}</samlp:StatusMessage></samlp:Status></samlp:Response>`);
}
