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
import { DIGEST_INTERVAL_MS, dispatchPush, ensureVapidKeys, type PushSender, sendDigests } from './notifications.service.ts';

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
  it('keeps one VAPID key pair, and pushes new events to the browsers of those who chose it', async () => {
    const keys = await ensureVapidKeys(ctx.platform);
    expect(await ensureVapidKeys(ctx.platform)).toEqual(keys);
    // Drain what earlier tests produced.
    await dispatchPush(ctx.platform, async () => ({ statusCode: 201 }));

    const school = await createSchool(db());
    const teacher = await loginAs(ctx.app, school.teacher.login);
    const student = await loginAs(ctx.app, school.student.login);
    expect((await api(student, 'GET', '/notifications/push/public-key')).json()).toEqual({ publicKey: keys.publicKey });

    const requests: Array<{ url: string; headers: IncomingMessage['headers']; body: Buffer }> = [];
    const server = createHttpServer(async (req, res) => {
      requests.push({ url: req.url!, headers: req.headers, body: Buffer.concat(await req.toArray()) });
      res.writeHead(req.url === '/gone' ? 410 : 201).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    try {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const subscription = (path: string) => ({
        endpoint: `http://127.0.0.1:${port}${path}`,
        keys: { p256dh: ecdh.getPublicKey('base64url'), auth: randomBytes(16).toString('base64url') },
      });
      expect((await api(student, 'POST', '/notifications/push/subscriptions', subscription('/push'))).statusCode).toBe(204);
      expect((await api(student, 'POST', '/notifications/push/subscriptions', subscription('/gone'))).statusCode).toBe(204);
      const remote = await api(student, 'POST', '/notifications/push/subscriptions', { ...subscription('/x'), endpoint: 'http://push.example/x' });
      expect(remote.json().error.code).toBe('PUSH_ENDPOINT_INVALID');

      // ENT only: nothing is pushed.
      await sendTo(teacher, school.student.id, 'Pas de push');
      expect(await dispatchPush(ctx.platform, viaHttp)).toBe(0);

      await api(student, 'PUT', '/notifications/preferences', { items: [{ kind: 'messaging.received', channel: 'PUSH' }] });
      await sendTo(teacher, school.student.id, 'Réunion demain');
      expect(await dispatchPush(ctx.platform, viaHttp)).toBe(1);
      expect(requests.map((r) => r.url).sort()).toEqual(['/gone', '/push']);
      const push = requests.find((r) => r.url === '/push')!;
      expect(push.headers['content-encoding']).toBe('aes128gcm');
      expect(push.headers.authorization).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${keys.publicKey}$`));
      expect(push.body.length).toBeGreaterThan(50);
      // The subscription the push service called gone is forgotten; nothing is sent twice.
      expect(await db().selectFrom('push_subscriptions').select('endpoint').where('account_id', '=', school.student.id).execute()).toEqual([
        { endpoint: `http://127.0.0.1:${port}/push` },
      ]);
      expect(await dispatchPush(ctx.platform, viaHttp)).toBe(0);
    } finally {
      server.close();
    }
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

/** Sends through web-push's real encryption and VAPID signing, over plain HTTP to the local fake push service. */
const viaHttp: PushSender = async (subscription, payload, options) => {
  const details = webpush.generateRequestDetails(subscription, payload, options);
  const response = await fetch(details.endpoint, { method: details.method, headers: details.headers as Record<string, string>, body: details.body ? new Uint8Array(details.body) : undefined });
  if (!response.ok) throw Object.assign(new Error('push refused'), { statusCode: response.status });
  return { statusCode: response.status };
};

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
    live.socket.close();
    staffLive.socket.close();
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
