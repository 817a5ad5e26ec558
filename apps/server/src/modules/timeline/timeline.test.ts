import { type ChildProcess, spawn } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createSchool } from '../../../test/factories.ts';
import { type AuthHeaders, loginAs } from '../../../test/http.ts';
import { createTestContext, type TestContext } from '../../../test/test-platform.ts';
import type { Actor } from '../../platform/authorization.ts';
import {
  DIGEST_INTERVAL_MS,
  dispatchPush,
  ensureVapidKeys,
  PUSH_SUBSCRIPTIONS_PER_ACCOUNT,
  type PushSender,
  sendDigests,
  sendPushOverHttps,
  subscribePush,
} from './notifications.service.ts';
import type { HostLookup } from './push-address.ts';

let ctx: TestContext;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

async function api(headers: AuthHeaders, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function sendTo(headers: AuthHeaders, accountId: string, subject: string) {
  const response = await api(headers, 'POST', '/messaging/messages', { to: [{ type: 'PERSON', id: accountId }], subject, body: '<p>Texte</p>' });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string };
}

/** Opens a WebSocket and collects its messages; resolves once the server says it is ready. */
async function openLive(url: string, headers: Record<string, string>) {
  const socket = new WebSocket(url, { headers });
  const received: Array<{ kind: string; objectId: string; data: Record<string, unknown> }> = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data))));
  await new Promise<void>((done, fail) => {
    socket.once('error', fail);
    socket.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
    const wait = setInterval(() => {
      if (received.some((m) => m.kind === 'live.ready')) {
        clearInterval(wait);
        done();
      }
    }, 20);
  });
  return { socket, received };
}

/** The HTTP status a refused WebSocket handshake gets. */
async function refusedStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((done) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_req, res) => {
      done(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      done(101);
      socket.close();
    });
    socket.on('error', () => undefined);
  });
}

describe('timeline', () => {
  it('lists what concerns me, newest first, with unread markers, and marks read', async () => {
    const school = await createSchool(db());
    const teacher = await loginAs(ctx.app, school.teacher.login);
    const student = await loginAs(ctx.app, school.student.login);
    const first = await sendTo(teacher, school.student.id, 'Premier');
    const second = await sendTo(teacher, school.student.id, 'Second');
    await sendTo(teacher, school.student.id, 'Troisième');

    expect((await api(student, 'GET', '/timeline/unread-count')).json()).toEqual({ unread: 3 });
    const page = await api(student, 'GET', '/timeline?limit=2');
    expect(page.statusCode).toBe(200);
    const items = page.json().items as Array<{ id: string; kind: string; objectId: string; isRead: boolean; actorName: string; data: { subject: string } }>;
    expect(items.map((i) => i.data.subject)).toEqual(['Troisième', 'Second']);
    expect(items[0]).toMatchObject({ kind: 'messaging.received', isRead: false, actorName: `${school.teacher.first_name} ${school.teacher.last_name}` });
    const rest = await api(student, 'GET', `/timeline?limit=2&cursor=${page.json().nextCursor}`);
    expect(rest.json()).toMatchObject({ items: [{ objectId: first.id }], nextCursor: null });

    expect((await api(student, 'POST', `/timeline/${items[0]!.id}/read`)).statusCode).toBe(204);
    // Marking the message read (POST …/read, as the web app does when it opens it) marks its event read too.
    await api(student, 'POST', `/messaging/messages/${second.id}/read`);
    expect((await api(student, 'GET', '/timeline/unread-count')).json()).toEqual({ unread: 1 });
    // Someone else's event is not found.
    expect((await api(teacher, 'POST', `/timeline/${items[0]!.id}/read`)).statusCode).toBe(404);
    expect((await api(student, 'POST', '/timeline/read-all')).statusCode).toBe(204);
    expect((await api(student, 'GET', '/timeline/unread-count')).json()).toEqual({ unread: 0 });
    expect((await api(student, 'GET', '/timeline?cursor=abc')).json().error.code).toBe('INVALID_CURSOR');
  });

  it('keeps a preference per kind, and hides the kinds set to nothing', async () => {
    const school = await createSchool(db());
    const teacher = await loginAs(ctx.app, school.teacher.login);
    const student = await loginAs(ctx.app, school.student.login);
    expect((await api(student, 'GET', '/notifications/preferences')).json()).toEqual({ items: [{ kind: 'messaging.received', channel: 'ENT' }] });
    const bad = await api(student, 'PUT', '/notifications/preferences', { items: [{ kind: 'messaging.received', channel: 'SMS' }] });
    expect(bad.statusCode).toBe(400);
    const none = await api(student, 'PUT', '/notifications/preferences', { items: [{ kind: 'messaging.received', channel: 'NONE' }] });
    expect(none.json()).toEqual({ items: [{ kind: 'messaging.received', channel: 'NONE' }] });
    await sendTo(teacher, school.student.id, 'Caché');
    expect((await api(student, 'GET', '/timeline')).json().items).toEqual([]);
    expect((await api(student, 'GET', '/timeline/unread-count')).json()).toEqual({ unread: 0 });
    // The message itself is still in the inbox.
    expect((await api(student, 'GET', '/messaging/unread-count')).json()).toEqual({ unread: 1 });
  });
});

describe('Web Push and e-mail digest', () => {
  // A public address written as an IP literal, so the real resolver accepts it without the network; the fake
  // sender below then delivers to the local fake push service instead.
  const PUBLIC = '93.184.215.14';

  function subscription(endpoint: string) {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    return { endpoint, keys: { p256dh: ecdh.getPublicKey('base64url'), auth: randomBytes(16).toString('base64url') } };
  }

  it('keeps one VAPID key pair, and pushes new events to the browsers of those who chose it', async () => {
    const keys = await ensureVapidKeys(ctx.platform);
    expect(await ensureVapidKeys(ctx.platform)).toEqual(keys);
    // Drain what earlier tests produced.
    await dispatchPush(ctx.platform, { send: async () => ({ statusCode: 201 }) });
    const school = await createSchool(db());
    const teacher = await loginAs(ctx.app, school.teacher.login);
    const student = await loginAs(ctx.app, school.student.login);
    expect((await api(student, 'GET', '/notifications/push/public-key')).json()).toEqual({ publicKey: keys.publicKey });

    const requests: Array<{ url: string; headers: IncomingMessage['headers']; body: Buffer; address: string }> = [];
    const server = createHttpServer(async (req, res) => {
      requests.push({ url: req.url!, headers: req.headers, body: Buffer.concat(await req.toArray()), address: String(req.headers['x-pinned-address']) });
      res.writeHead(req.url === '/gone' ? 410 : 201).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    try {
      expect((await api(student, 'POST', '/notifications/push/subscriptions', subscription(`https://${PUBLIC}/push`))).statusCode).toBe(204);
      expect((await api(student, 'POST', '/notifications/push/subscriptions', subscription(`https://${PUBLIC}/gone`))).statusCode).toBe(204);

      // ENT only: nothing is pushed.
      await sendTo(teacher, school.student.id, 'Pas de push');
      const send = viaHttpTo(port);
      expect(await dispatchPush(ctx.platform, { send })).toBe(0);

      await api(student, 'PUT', '/notifications/preferences', { items: [{ kind: 'messaging.received', channel: 'PUSH' }] });
      await sendTo(teacher, school.student.id, 'Réunion demain');
      expect(await dispatchPush(ctx.platform, { send })).toBe(1);
      expect(requests.map((r) => r.url).sort()).toEqual(['/gone', '/push']);
      const push = requests.find((r) => r.url === '/push')!;
      expect(push.address).toBe(PUBLIC);
      expect(push.headers['content-encoding']).toBe('aes128gcm');
      expect(push.headers.authorization).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${keys.publicKey}$`));
      expect(push.body.length).toBeGreaterThan(50);
      // The subscription the push service called gone is forgotten; nothing is sent twice.
      expect(await db().selectFrom('push_subscriptions').select('endpoint').where('account_id', '=', school.student.id).execute()).toEqual([
        { endpoint: `https://${PUBLIC}/push` },
      ]);
      expect(await dispatchPush(ctx.platform, { send })).toBe(0);
    } finally {
      server.close();
    }
  });

  it('refuses push endpoints that lead to the internal network (SSRF), or not over https', async () => {
    const school = await createSchool(db());
    const student = await loginAs(ctx.app, school.student.login);
    const refused = [
      'http://push.example/x',
      `http://${PUBLIC}/x`,
      'https://127.0.0.1/x',
      'https://localhost/x',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.5/x',
      'https://172.16.3.4/x',
      'https://192.168.1.10/x',
      'https://100.64.0.1/x',
      'https://0.0.0.0/x',
      'https://224.0.0.1/x',
      'https://[::1]/x',
      'https://[fe80::1]/x',
      'https://[fd00::1]/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://[::ffff:a9fe:a9fe]/x',
      'https://[64:ff9b::a00:5]/x',
      'https://0x7f000001/x',
      // Another port of a public host: push services listen on 443.
      `https://${PUBLIC}:6379/x`,
      'https://push.invalid/x',
    ];
    for (const endpoint of refused) {
      const response = await api(student, 'POST', '/notifications/push/subscriptions', subscription(endpoint));
      expect({ endpoint, code: response.json().error?.code }).toEqual({ endpoint, code: 'PUSH_ENDPOINT_INVALID' });
    }
    expect(await db().selectFrom('push_subscriptions').select('endpoint').where('account_id', '=', school.student.id).execute()).toEqual([]);

    // A name with one private address among its answers is refused too.
    const actor = { accountId: school.student.id } as Actor;
    const mixed: HostLookup = async () => [{ address: PUBLIC, family: 4 }, { address: '10.0.0.7', family: 4 }];
    await expect(subscribePush(ctx.platform, actor, subscription('https://push.test/x'), mixed)).rejects.toMatchObject({ code: 'PUSH_ENDPOINT_INVALID' });
  });

  it('checks the address again at send time and connects only to it (DNS rebinding)', async () => {
    await dispatchPush(ctx.platform, { send: async () => ({ statusCode: 201 }) });
    const school = await createSchool(db());
    const teacher = await loginAs(ctx.app, school.teacher.login);
    const student = await loginAs(ctx.app, school.student.login);
    await api(student, 'PUT', '/notifications/preferences', { items: [{ kind: 'messaging.received', channel: 'PUSH' }] });
    const actor = { accountId: school.student.id } as Actor;
    let answer = PUBLIC;
    const lookup: HostLookup = async () => [{ address: answer, family: 4 }];
    await subscribePush(ctx.platform, actor, subscription('https://rebind.test/a'), lookup);
    await subscribePush(ctx.platform, actor, subscription('https://stable.test/b'), async () => [{ address: '93.184.215.15', family: 4 }]);

    const calls: Array<{ endpoint: string; address: string }> = [];
    const send: PushSender = async (sub, _payload, options) => {
      calls.push({ endpoint: sub.endpoint, address: options.address.address });
      expect(options.timeoutMs).toBeGreaterThan(0);
      return { statusCode: 201 };
    };
    // The name now answers the metadata service's address.
    answer = '169.254.169.254';
    await sendTo(teacher, school.student.id, 'Rebind');
    const both: HostLookup = async (host) => [{ address: host === 'rebind.test' ? answer : '93.184.215.15', family: 4 }];
    expect(await dispatchPush(ctx.platform, { send, lookup: both })).toBe(1);
    expect(calls).toEqual([{ endpoint: 'https://stable.test/b', address: '93.184.215.15' }]);
    // The endpoint that now leads inside is forgotten.
    expect((await db().selectFrom('push_subscriptions').select('endpoint').where('account_id', '=', school.student.id).execute()).map((r) => r.endpoint)).toEqual([
      'https://stable.test/b',
    ]);
  });

  it('keeps a subscription whose name does not resolve for a moment (a resolver hiccup), and sends once it does', async () => {
    await dispatchPush(ctx.platform, { send: async () => ({ statusCode: 201 }) });
    const school = await createSchool(db());
    const teacher = await loginAs(ctx.app, school.teacher.login);
    const student = await loginAs(ctx.app, school.student.login);
    await api(student, 'PUT', '/notifications/preferences', { items: [{ kind: 'messaging.received', channel: 'PUSH' }] });
    const actor = { accountId: school.student.id } as Actor;
    await subscribePush(ctx.platform, actor, subscription('https://flaky-dns.test/a'), async () => [{ address: PUBLIC, family: 4 }]);
    const sent: string[] = [];
    const send: PushSender = async (sub) => {
      sent.push(sub.endpoint);
      return { statusCode: 201 };
    };
    await sendTo(teacher, school.student.id, 'Pendant la panne DNS');
    const failing: HostLookup = async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN flaky-dns.test'), { code: 'EAI_AGAIN' });
    };
    expect(await dispatchPush(ctx.platform, { send, lookup: failing })).toBe(0);
    const endpoints = async () =>
      (await db().selectFrom('push_subscriptions').select('endpoint').where('account_id', '=', school.student.id).execute()).map((r) => r.endpoint);
    expect(await endpoints()).toEqual(['https://flaky-dns.test/a']);
    await sendTo(teacher, school.student.id, 'Après la panne');
    expect(await dispatchPush(ctx.platform, { send, lookup: async () => [{ address: PUBLIC, family: 4 }] })).toBe(1);
    expect(sent).toEqual(['https://flaky-dns.test/a']);
  });

  it('sends nothing more to the browser of an account that was blocked', async () => {
    await dispatchPush(ctx.platform, { send: async () => ({ statusCode: 201 }) });
    const school = await createSchool(db());
    const teacher = await loginAs(ctx.app, school.teacher.login);
    const student = await loginAs(ctx.app, school.student.login);
    await api(student, 'PUT', '/notifications/preferences', { items: [{ kind: 'messaging.received', channel: 'PUSH' }] });
    const lookup: HostLookup = async () => [{ address: PUBLIC, family: 4 }];
    await subscribePush(ctx.platform, { accountId: school.student.id } as Actor, subscription('https://blocked.test/a'), lookup);
    await sendTo(teacher, school.student.id, 'Avant le blocage');
    await db().updateTable('accounts').set({ status: 'BLOCKED', blocked_at: new Date() }).where('id', '=', school.student.id).execute();
    const sent: string[] = [];
    expect(
      await dispatchPush(ctx.platform, {
        send: async (sub) => {
          sent.push(sub.endpoint);
          return { statusCode: 201 };
        },
        lookup,
      }),
    ).toBe(0);
    expect(sent).toEqual([]);
  });

  it('connects to the pinned address, not to what the name resolves to, and gives up after the time limit', async () => {
    // A TCP server that accepts and never answers: the send must end by the timeout.
    const silent = createServer(() => undefined);
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const { port } = silent.address() as { port: number };
    const keys = await ensureVapidKeys(ctx.platform);
    const started = Date.now();
    const sub = subscription(`https://name-that-does-not-resolve.invalid:${port}/x`);
    try {
      await expect(
        sendPushOverHttps(sub, 'x', {
          vapidDetails: { subject: 'mailto:test@example.org', ...keys },
          TTL: 60,
          address: { address: '127.0.0.1', family: 4 },
          timeoutMs: 300,
        }),
      ).rejects.toThrow();
      // It reached the pinned address (no DNS error) and was cut by the time limit.
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      silent.close();
    }
  });

  it('caps the browsers of one account, even under concurrent requests', async () => {
    const school = await createSchool(db());
    const student = await loginAs(ctx.app, school.student.login);
    const responses = await Promise.all(
      Array.from({ length: PUSH_SUBSCRIPTIONS_PER_ACCOUNT + 5 }, (_, i) => api(student, 'POST', '/notifications/push/subscriptions', subscription(`https://${PUBLIC}/cap/${i}`))),
    );
    expect(responses.filter((r) => r.statusCode === 204)).toHaveLength(PUSH_SUBSCRIPTIONS_PER_ACCOUNT);
    expect(new Set(responses.filter((r) => r.statusCode !== 204).map((r) => r.json().error.code))).toEqual(new Set(['PUSH_SUBSCRIPTIONS_LIMIT']));
    const count = await db().selectFrom('push_subscriptions').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', school.student.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(PUSH_SUBSCRIPTIONS_PER_ACCOUNT);
    // Registering again a browser already counted is not a new one.
    const again = await db().selectFrom('push_subscriptions').select(['endpoint', 'p256dh', 'auth']).where('account_id', '=', school.student.id).executeTakeFirstOrThrow();
    const renew = await api(student, 'POST', '/notifications/push/subscriptions', { endpoint: again.endpoint, keys: { p256dh: again.p256dh, auth: again.auth } });
    expect(renew.statusCode).toBe(204);
  });

  it('does not move an endpoint of another account without its keys', async () => {
    const school = await createSchool(db());
    const owner = await loginAs(ctx.app, school.student.login);
    const other = await loginAs(ctx.app, school.parent.login);
    const sub = subscription(`https://${PUBLIC}/owned/${school.student.id}`);
    expect((await api(owner, 'POST', '/notifications/push/subscriptions', sub)).statusCode).toBe(204);
    const stolen = await api(other, 'POST', '/notifications/push/subscriptions', subscription(sub.endpoint));
    expect(stolen.json().error.code).toBe('PUSH_ENDPOINT_TAKEN');
    expect(stolen.statusCode).toBe(409);
    const ownerOf = async () => (await db().selectFrom('push_subscriptions').select('account_id').where('endpoint', '=', sub.endpoint).executeTakeFirstOrThrow()).account_id;
    expect(await ownerOf()).toBe(school.student.id);
    // Unsubscribing someone else's endpoint does nothing.
    expect((await api(other, 'DELETE', '/notifications/push/subscriptions', { endpoint: sub.endpoint })).statusCode).toBe(204);
    expect(await ownerOf()).toBe(school.student.id);
    // The same browser (same keys: the other account logged in on it) takes it over.
    expect((await api(other, 'POST', '/notifications/push/subscriptions', sub)).statusCode).toBe(204);
    expect(await ownerOf()).toBe(school.parent.id);
  });

  it('mails a daily digest of unread events to those who chose it', async () => {
    const school = await createSchool(db());
    await db().updateTable('accounts').set({ email: 'eleve@example.org', locale: 'fr' }).where('id', '=', school.student.id).execute();
    let student = await loginAs(ctx.app, school.student.login);
    await api(student, 'PUT', '/notifications/preferences', { items: [{ kind: 'messaging.received', channel: 'DIGEST' }] });
    // A first run sets the day's mark (and the day ends every session).
    ctx.clock.advance(DIGEST_INTERVAL_MS);
    await sendDigests(ctx.platform);
    ctx.mailer.sent.length = 0;
    ctx.clock.advance(1000);
    const teacher = await loginAs(ctx.app, school.teacher.login);
    student = await loginAs(ctx.app, school.student.login);

    await sendTo(teacher, school.student.id, 'Sortie scolaire');
    const read = await sendTo(teacher, school.student.id, 'Déjà lu');
    await api(student, 'POST', `/messaging/messages/${read.id}/read`);
    expect(await sendDigests(ctx.platform)).toBe(0);
    ctx.clock.advance(DIGEST_INTERVAL_MS);
    expect(await sendDigests(ctx.platform)).toBe(1);
    const mail = ctx.mailer.sent.find((m) => m.to === 'eleve@example.org')!;
    expect(mail.subject).toBe('Préau : 1 notification non lue');
    expect(mail.text).toContain(`Nouveau message de ${school.teacher.first_name} ${school.teacher.last_name} : Sortie scolaire`);
    expect(mail.text).not.toContain('Déjà lu');
    expect(await sendDigests(ctx.platform)).toBe(0);
  });
});

/**
 * Sends through web-push's real encryption and VAPID signing, over plain HTTP to the local fake push service
 * (which stands for the public address the endpoint was pinned to, told in a header).
 */
function viaHttpTo(port: number): PushSender {
  return async (subscription, payload, options) => {
    const details = webpush.generateRequestDetails(subscription, payload, { vapidDetails: options.vapidDetails, TTL: options.TTL });
    const url = new URL(details.endpoint);
    const response = await fetch(`http://127.0.0.1:${port}${url.pathname}`, {
      method: details.method,
      headers: { ...(details.headers as Record<string, string>), 'x-pinned-address': options.address.address },
      body: details.body ? new Uint8Array(details.body) : undefined,
    });
    if (!response.ok) throw Object.assign(new Error('push refused'), { statusCode: response.status });
    return { statusCode: response.status };
  };
}

describe('live channel', () => {
  it('forwards the events of the logged-in account, to pages of our origin only', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${address.replace('http', 'ws')}/api/v1/live`;
    const school = await createSchool(db());
    const teacher = await loginAs(ctx.app, school.teacher.login);
    const student = await loginAs(ctx.app, school.student.login);
    const origin = address;

    expect(await refusedStatus(url, { origin })).toBe(401);
    expect(await refusedStatus(url, { cookie: student.cookie })).toBe(403);
    expect(await refusedStatus(url, { cookie: student.cookie, origin: 'https://evil.example' })).toBe(403);

    const live = await openLive(url, { cookie: student.cookie, origin });
    const staffLive = await openLive(url, { cookie: (await loginAs(ctx.app, school.staff.login)).cookie, origin });
    const sent = await sendTo(teacher, school.student.id, 'En direct');
    await expect.poll(() => live.received.filter((m) => m.kind === 'messaging.received')).toHaveLength(1);
    expect(live.received.find((m) => m.kind === 'messaging.received')).toMatchObject({ objectId: sent.id, data: { subject: 'En direct' } });
    // Nobody else's page hears of it.
    await new Promise((r) => setTimeout(r, 100));
    expect(staffLive.received.filter((m) => m.kind === 'messaging.received')).toEqual([]);
    // /metrics counts the sockets open on this process (the operators' "live sockets" panel).
    const liveSockets = async () => /^preau_live_sockets (\d+)$/m.exec((await ctx.app.inject({ method: 'GET', url: '/metrics' })).body)?.[1];
    expect(await liveSockets()).toBe('2');
    live.socket.close();
    staffLive.socket.close();
    await expect.poll(liveSockets).toBe('0');
  });
});

// Two `preau serve` processes sharing PostgreSQL and Redis: only where both are given (CI's second run).
const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
if (databaseUrl && redisUrl) {
  describe('live channel across processes', () => {
    const children: ChildProcess[] = [];
    afterAll(() => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    });

    async function freePort(): Promise<number> {
      return new Promise((done) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as { port: number };
          server.close(() => done(port));
        });
      });
    }

    async function startServer(): Promise<string> {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const child = spawn(process.execPath, [resolve(import.meta.dirname, '../../../bin/preau.js'), 'serve'], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'production',
          ANTIVIRUS_DISABLED: 'true',
          LOG_LEVEL: 'warn',
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: url,
          DATABASE_URL: databaseUrl,
          REDIS_URL: redisUrl,
          SCHOOL_YEAR: '2026',
          LOGIN_MAX_PER_IP: '1000000',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      for (const start = Date.now(); Date.now() - start < 60_000; ) {
        if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
        const ready = await fetch(`${url}/readyz`).then((r) => r.ok).catch(() => false);
        if (ready) return url;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('server not ready in time');
    }

    async function login(url: string, loginName: string) {
      const response = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: loginName, password: 'Test-Password-2026!' }),
      });
      expect(response.status).toBe(200);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('preau_session='))!.split(';')[0]!;
      return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
    }

    it('delivers a message sent through one process to a page connected to the other', async () => {
      const [first, second] = await Promise.all([startServer(), startServer()]);
      const school = await createSchool(db());
      const student = await login(first!, school.student.login);
      const teacher = await login(first!, school.teacher.login);
      // The student's page is connected to the second process (sessions live in Redis).
      const live = await openLive(`${second!.replace('http', 'ws')}/api/v1/live`, { cookie: student.cookie, origin: second! });
      const response = await fetch(`${first}/api/v1/messaging/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: teacher.cookie, 'x-csrf-token': teacher.csrf },
        body: JSON.stringify({ to: [{ type: 'PERSON', id: school.student.id }], subject: 'Par Redis', body: '<p>x</p>' }),
      });
      expect(response.status).toBe(201);
      const sent = (await response.json()) as { id: string };
      await expect.poll(() => live.received.find((m) => m.kind === 'messaging.received')?.objectId, { timeout: 10_000 }).toBe(sent.id);
      live.socket.close();
    }, 120_000);
  });
}
