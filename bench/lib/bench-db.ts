import pg from 'pg';
import { maintenanceUrl } from './safety.ts';

/** What the generator recorded about a benchmark database (in its COMMENT). */
export interface DatasetMeta {
  generator: string;
  seed: string;
  accounts: number;
  structures: number;
  schoolYear: number;
  pastYears: number;
  activeRatio: number;
  sessionsRatio: number;
  password: string;
  generatedAt: string;
}

export async function readDatasetMeta(url: URL): Promise<DatasetMeta> {
  const client = new pg.Client({ connectionString: maintenanceUrl(url) });
  await client.connect();
  try {
    const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
    const result = await client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    );
    const comment = result.rows[0]?.comment;
    if (!comment) throw new Error(`Database ${name} was not made by bench/generate-directory.ts: run \`npm run -w @preau/bench generate\` first.`);
    return JSON.parse(comment) as DatasetMeta;
  } finally {
    await client.end();
  }
}

/** Row counts of the tables that grow with the region. */
export async function tableCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of ['structures', 'accounts', 'structure_members', 'classes', 'class_members', 'groups', 'group_members', 'parent_links', 'teachings', 'sessions']) {
      const r = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`);
      counts[table] = Number(r.rows[0]?.n ?? 0);
    }
    return counts;
  } finally {
    await client.end();
  }
}

/** Logins of benchmark accounts spread over the lycées: k = 1, then evenly up to the last one. */
export function benchLogins(profile: 'eleve' | 'enseignant' | 'parent' | 'personnel' | 'adml', count: number, structures: number): string[] {
  const n = Math.min(count, structures);
  return Array.from({ length: n }, (_, i) => `bench.${profile}.${1 + Math.floor((i * structures) / n)}`);
}
