import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where a Web Push endpoint may lead. The endpoint is chosen by the user, so
 * without this check any account could make the server connect to the
 * metadata service, Redis or PostgreSQL on the internal network (server-side
 * request forgery). Only https on the default port, to a host whose every
 * resolved address is public unicast, is accepted; the address is resolved
 * again at send time and the connection is pinned to it, so a DNS answer that
 * changes between the check and the connection (DNS rebinding) cannot steer it.
 */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves every address of a host name (dns.lookup with all:true by default; a fake in tests). */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: HostLookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** True for an address on the public internet; false for loopback, private, link-local, CGNAT, ULA, multicast, mapped or reserved ranges. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  // Addresses that embed an IPv4 one (mapped, NAT64, 6to4, Teredo) get their own range names below, never 'unicast'.
  if (parsed.range() !== 'unicast') return false;
  if (parsed.kind() === 'ipv6') {
    // Only global unicast (2000::/3) is routed on the internet; the rest of the IPv6 space is unassigned.
    return (parsed as ipaddr.IPv6).parts[0]! >> 13 === 0b001;
  }
  return true;
}

/**
 * Checks a push endpoint and returns the public address to connect to,
 * undefined when it may not be used (not https, another port, an address
 * that is not public), or 'unresolved' when the name did not resolve now
 * (a resolver hiccup is no reason to forget a subscription).
 */
export async function resolvePushEndpoint(endpoint: string, lookup: HostLookup = systemLookup): Promise<ResolvedAddress | undefined | 'unresolved'> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return undefined;
  // URL keeps brackets around an IPv6 literal.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) return isPublicAddress(host) ? { address: host, family: isIP(host) === 6 ? 6 : 4 } : undefined;
  let addresses: ResolvedAddress[];
  try {
    addresses = await lookup(host);
  } catch {
    return 'unresolved';
  }
  // One private answer among public ones is enough to refuse: the connection could pick it.
  if (addresses.length === 0 || !addresses.every((a) => isPublicAddress(a.address))) return undefined;
  return addresses[0];
}
