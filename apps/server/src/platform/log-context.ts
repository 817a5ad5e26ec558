import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * What every log line written on behalf of a request or a job carries: the
 * request's id (the one Fastify's own request logs show as `reqId`) and, in a
 * job, the job's id. Kept in an AsyncLocalStorage, so services log with the
 * platform's logger without being handed the request: the id follows the
 * asynchronous calls of the request, and a job enqueued by it stores the id
 * and runs under it again, in this process or in a worker elsewhere.
 */
export interface LogContext {
  reqId?: string;
  job?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` (and everything it starts) under this context. */
export function runWithLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the running request or job, if any. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/**
 * The platform's JSON logger, for services and jobs: each line gets the
 * current request's and job's ids. `destination` lets a test read the lines.
 */
export function createPlatformLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { component: 'platform' }, mixin: () => ({ ...currentLogContext() }) };
  return destination ? pino(options, destination) : pino(options);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * A request's id: the one the load balancer gave (`X-Request-Id`, nginx's
 * `$request_id`, so the access log and ours name the same request) when it
 * looks like one, a random UUID otherwise. Fastify's default (`req-1`,
 * `req-2`…) restarts in every process, so two nodes would reuse each other's ids.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}
