/**
 * The baseline of the load benchmark: a raw Fastify server (no plugin, no
 * logger, no hook) with one route doing one indexed SELECT by primary key on
 * `accounts` (and, for the inventory bench, one page of equipment) through pg, with the same pool size as Préau's default
 * (DATABASE_POOL_SIZE=10). Started as a child process by load-portal.ts; prints
 * `{"port":N}` on stdout once listening on 127.0.0.1.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { assertLoopbackDatabase } from './lib/safety.ts';

const databaseUrl = process.env.DATABASE_URL ?? '';
assertLoopbackDatabase(databaseUrl);
const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const app = Fastify({ logger: false });

app.get<{ Params: { id: string } }>('/accounts/:id', async (request, reply) => {
  const result = await pool.query('SELECT id, login, first_name, last_name, profile FROM accounts WHERE id = $1', [request.params.id]);
  const row = result.rows[0];
  if (!row) return reply.status(404).send({ error: { code: 'NOT_FOUND' } });
  return row;
});

// The equipment list's first page (bench/inventory-load.ts): the same indexed keyset SELECT as Préau's, raw.
app.get<{ Params: { id: string }; Querystring: { limit?: string } }>('/inventory/structures/:id/equipment', async (request) => {
  const limit = Math.min(100, Number(request.query.limit ?? 25));
  const result = await pool.query(
    `SELECT id, structure_id, kind, name, building, room, serial, hardware_uuid, agent_device_id, manufacturer, model,
            purchased_on, warranty_ends_on, status, source, last_report_at
       FROM inventory_equipment WHERE structure_id = $1 ORDER BY name, id LIMIT $2`,
    [request.params.id, limit + 1],
  );
  const items = result.rows.slice(0, limit);
  return { items, nextCursor: result.rows.length > limit ? String(items[items.length - 1]?.id) : null };
});

const shutdown = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const address = app.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
