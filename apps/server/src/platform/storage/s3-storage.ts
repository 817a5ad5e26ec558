import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { assertSafeKey, FileNotFoundError, type FileStorage } from './file-storage.ts';

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://host/bucket/key` (MinIO, Garage, most self-hosted stores) rather than `https://bucket.host/key`. */
  forcePathStyle: boolean;
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (slashes of a key kept when `keepSlash`). */
export function awsEncode(value: string, keepSlash = false): string {
  const encoded = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

export interface SignableRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  payloadHash: string;
}

/**
 * AWS Signature Version 4: the Authorization header of a request, for the
 * service and region given. Headers passed in are all signed.
 */
export function signV4(
  request: SignableRequest,
  credentials: { accessKeyId: string; secretAccessKey: string; region: string; service: string },
  date: Date,
): string {
  const amzDate = date.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const headers = Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v.trim().replace(/\s+/g, ' ')] as const);
  headers.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = headers.map(([k]) => k).join(';');
  const query = [...request.url.searchParams.entries()]
    .map(([k, v]) => [awsEncode(k), awsEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [
    request.method,
    request.url.pathname || '/',
    query,
    headers.map(([k, v]) => `${k}:${v}\n`).join(''),
    signedHeaders,
    request.payloadHash,
  ].join('\n');
  const scope = `${day}/${credentials.region}/${credentials.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  const kDate = hmac(`AWS4${credentials.secretAccessKey}`, day);
  const kSigning = hmac(hmac(hmac(kDate, credentials.region), credentials.service), 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(toSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/**
 * An S3-compatible bucket through signed HTTP requests (PUT, GET, DELETE of
 * one object), with no SDK: AWS S3, MinIO, Garage, Scaleway, OVH… A file is
 * buffered before upload (attachments are bounded by the messaging limits).
 */
export class S3Storage implements FileStorage {
  readonly kind = 's3' as const;
  constructor(
    private readonly options: S3Options,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  urlOf(key: string): URL {
    assertSafeKey(key);
    const base = new URL(this.options.endpoint);
    if (this.options.forcePathStyle) {
      return new URL(`${base.origin}${base.pathname.replace(/\/$/, '')}/${awsEncode(this.options.bucket)}/${awsEncode(key, true)}`);
    }
    return new URL(`${base.protocol}//${this.options.bucket}.${base.host}/${awsEncode(key, true)}`);
  }

  private async send(method: string, key: string, body?: Buffer, contentType?: string): Promise<Response> {
    const url = this.urlOf(key);
    const payloadHash = body ? sha256Hex(body) : sha256Hex('');
    const date = this.clock();
    const headers: Record<string, string> = {
      host: url.host,
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': date.toISOString().replace(/[:-]|\.\d{3}/g, ''),
    };
    if (contentType) headers['content-type'] = contentType;
    const authorization = signV4(
      { method, url, headers, payloadHash },
      { accessKeyId: this.options.accessKeyId, secretAccessKey: this.options.secretAccessKey, region: this.options.region, service: 's3' },
      date,
    );
    const { host: _host, ...sent } = headers;
    return this.fetchImpl(url, { method, headers: { ...sent, authorization }, body: body ? new Uint8Array(body) : undefined });
  }

  async put(key: string, body: Readable | Buffer, options: { contentType: string }): Promise<number> {
    const buffer = Buffer.isBuffer(body) ? body : Buffer.concat(await Readable.from(body).toArray());
    const response = await this.send('PUT', key, buffer, options.contentType);
    if (!response.ok) throw new Error(`S3 PUT ${key} failed: ${response.status}`);
    return buffer.length;
  }

  async get(key: string): Promise<Readable> {
    const response = await this.send('GET', key);
    if (response.status === 404) throw new FileNotFoundError(key);
    if (!response.ok || !response.body) throw new Error(`S3 GET ${key} failed: ${response.status}`);
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  }

  async delete(key: string): Promise<void> {
    const response = await this.send('DELETE', key);
    if (!response.ok && response.status !== 404) throw new Error(`S3 DELETE ${key} failed: ${response.status}`);
  }
}
