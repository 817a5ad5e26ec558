import { Readable, Transform } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, S3Client, S3ServiceException, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertSafeKey, FileNotFoundError, StorageServiceError, type FileStorage } from './file-storage.ts';

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://host/bucket/key` (MinIO, Garage, most self-hosted stores) rather than `https://bucket.host/key`. */
  forcePathStyle: boolean;
}

/**
 * Bytes sent per multipart part, and parts in flight at once: an upload holds
 * at most PART_SIZE × QUEUE_SIZE in memory whatever the file's size (5 MiB is
 * S3's smallest part).
 */
const PART_SIZE = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

/**
 * An S3-compatible bucket (AWS S3, MinIO, Garage, Ceph RGW, Scaleway, OVH…)
 * through AWS's own SDK: uploads stream as multipart parts (one PUT when the
 * file fits in a part), downloads stream the response body. Checksums are
 * only sent where S3 requires them, as most S3-compatible stores do not yet
 * accept the SDK's default CRC trailers. Failures of the service become a
 * StorageServiceError (503 STORAGE_UNAVAILABLE), a missing object a
 * FileNotFoundError; network errors keep their code (503 SERVICE_UNAVAILABLE).
 */
export class S3Storage implements FileStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  /** `clientConfig` overrides the SDK's settings (tests lower `maxAttempts`). */
  constructor(
    private readonly options: S3Options,
    clientConfig: Partial<S3ClientConfig> = {},
  ) {
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...clientConfig,
    });
  }

  async put(key: string, body: Readable | Buffer, options: { contentType: string }): Promise<number> {
    assertSafeKey(key);
    let written = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        done(null, chunk);
      },
    });
    const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
    // A failing source (the client going away) must fail the upload, which the SDK only sees through the counter;
    // that failure, not the abort of the multipart upload that follows it, is the one to report.
    let sourceError: unknown;
    source.once('error', (error) => {
      sourceError = error;
      counter.destroy(error);
    });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: key, Body: source.pipe(counter), ContentType: options.contentType },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      throw sourceError ?? this.failure('PUT', key, error);
    }
    return written;
  }

  async get(key: string): Promise<Readable> {
    assertSafeKey(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      if (!(response.Body instanceof Readable)) throw new StorageServiceError(`S3 GET ${key} returned no body`);
      return response.Body;
    } catch (error) {
      throw this.failure('GET', key, error);
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
    } catch (error) {
      const failure = this.failure('DELETE', key, error);
      if (!(failure instanceof FileNotFoundError)) throw failure;
    }
  }

  /** Closes the SDK's connection pool. */
  destroy(): void {
    this.client.destroy();
  }

  private failure(method: string, key: string, error: unknown): unknown {
    if (error instanceof S3ServiceException) {
      const status = error.$metadata.httpStatusCode;
      if (error.name === 'NoSuchKey' || (status === 404 && error.name !== 'NoSuchBucket')) return new FileNotFoundError(key);
      return new StorageServiceError(`S3 ${method} ${key} failed: ${status ?? '?'} ${error.name}`, { cause: error });
    }
    return error;
  }
}
