import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Gauge } from 'prom-client';
import type { WebSocket } from 'ws';
import { AppError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';

/** How often an open socket is pinged and its session checked again. */
const HEARTBEAT_MS = 30_000;

/** Only pages of our own origin may open the live channel (the cookie alone would let any site in). */
function checkOrigin(request: FastifyRequest, platform: Platform): void {
  const origin = request.headers.origin;
  if (!origin) throw new AppError('ORIGIN_INVALID');
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError('ORIGIN_INVALID');
  }
  if (host !== request.headers.host && host !== new URL(platform.config.publicUrl).host) throw new AppError('ORIGIN_INVALID');
}

/**
 * GET /api/v1/live: a WebSocket, authenticated by the session cookie, that
 * receives the live events (`platform.events.live`) of the logged-in account
 * as JSON, whichever process produced them. It closes when the session ends.
 */
export function registerLiveRoute(app: FastifyInstance, platform: Platform): void {
  const sockets = new Map<string, Set<WebSocket>>();
  new Gauge({
    name: 'preau_live_sockets',
    help: 'Live-event WebSockets open on this process',
    registers: [app.metricsRegistry],
    collect() {
      let open = 0;
      for (const set of sockets.values()) open += set.size;
      this.set(open);
    },
  });
  const stop = platform.events.live.subscribe((accountIds, message) => {
    const text = JSON.stringify(message);
    for (const id of accountIds) {
      for (const socket of sockets.get(id) ?? []) if (socket.readyState === socket.OPEN) socket.send(text);
    }
  });
  app.addHook('onClose', async () => {
    stop();
    for (const set of sockets.values()) for (const socket of set) socket.close(1001);
  });

  app.get(
    '/live',
    {
      websocket: true,
      schema: { tags: ['timeline'], summary: 'Live events of my account (WebSocket)' },
      preValidation: async (request) => {
        actorOf(request);
        checkOrigin(request, platform);
      },
    },
    (socket, request) => {
      const accountId = actorOf(request).accountId;
      const idHash = request.session!.idHash;
      const set = sockets.get(accountId) ?? new Set<WebSocket>();
      set.add(socket);
      sockets.set(accountId, set);
      let alive = true;
      socket.on('pong', () => {
        alive = true;
      });
      const heartbeat = setInterval(() => {
        void (async () => {
          const session = await platform.sessions.get(idHash, platform.now()).catch(() => undefined);
          if (!alive || !session) return socket.close(session ? 1001 : 4401);
          alive = false;
          socket.ping();
        })();
      }, HEARTBEAT_MS);
      heartbeat.unref();
      socket.on('close', () => {
        clearInterval(heartbeat);
        set.delete(socket);
        if (set.size === 0) sockets.delete(accountId);
      });
      // The client needs nothing but to know it is connected.
      socket.send(JSON.stringify({ kind: 'live.ready', objectType: 'live', objectId: '', data: {}, at: new Date(platform.now()).toISOString() }));
    },
  );
}
