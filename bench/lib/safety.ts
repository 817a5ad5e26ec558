/** Benchmarks only ever talk to this machine. */
export function assertLoopbackDatabase(url: string): URL {
  const parsed = new URL(url);
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error(`Not a PostgreSQL URL: ${url}`);
  if (parsed.hostname !== '127.0.0.1') {
    throw new Error(`Refusing ${parsed.hostname}: the benchmark only targets 127.0.0.1.`);
  }
  return parsed;
}

/** The name of the database in a URL, which must look like a benchmark database (it gets dropped). */
export function benchDatabaseName(url: URL): string {
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[a-z0-9_]*bench[a-z0-9_]*$/.test(name)) {
    throw new Error(`Refusing database "${name}": its name must contain "bench" (it is dropped and recreated).`);
  }
  return name;
}

/** The same server's maintenance database, to create or drop the benchmark database from. */
export function maintenanceUrl(url: URL): string {
  const copy = new URL(url.toString());
  copy.pathname = '/postgres';
  return copy.toString();
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/preau_bench';
/** The password of every activated generated account (logins bench.eleve.<k>, bench.enseignant.<k>…). */
export const BENCH_PASSWORD = 'Bench-Preau-2026!';
