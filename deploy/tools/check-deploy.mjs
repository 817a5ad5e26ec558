#!/usr/bin/env node
// Static checks of deploy/, for a machine without Docker or Helm
// (docs/OPERATIONS.md, "What the deployment files were checked with").
//
//   node deploy/tools/check-deploy.mjs            # YAML, env coverage, nginx/body limit
//   HELM_RENDER=/path/to/helm-render node deploy/tools/check-deploy.mjs
//     also renders the chart with deploy/tools/helm-render (Go text/template)
//     for several value sets and checks every rendered document.
//
// Exits non-zero on the first failed check list.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

const deploy = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(deploy, '..');
const problems = [];
let checks = 0;
const check = (ok, message) => {
  checks++;
  if (!ok) problems.push(message);
};
const read = (path) => readFileSync(join(repo, path), 'utf8');

// 1. Every variable of config.ts appears in .env.example and docs/CONFIGURATION.md.
const configSource = read('apps/server/src/platform/config.ts');
const schemaBlock = configSource.slice(configSource.indexOf('const EnvSchema'), configSource.indexOf('});', configSource.indexOf('const EnvSchema')));
const configVars = [...schemaBlock.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
check(configVars.length >= 15, `found only ${configVars.length} variables in config.ts`);
const envExample = read('deploy/.env.example');
const configurationDoc = read('docs/CONFIGURATION.md');
for (const name of configVars) {
  check(new RegExp(`^#?${name}=`, 'm').test(envExample), `deploy/.env.example lacks ${name}`);
  check(configurationDoc.includes(`\`${name}\``), `docs/CONFIGURATION.md lacks ${name}`);
}

// 2. compose.yaml parses, and every service has what the file promises.
const compose = parse(read('deploy/compose.yaml'), { merge: true });
const services = compose.services ?? {};
for (const name of ['postgres', 'redis', 'migrate', 'preau', 'nginx']) check(name in services, `compose: no service ${name}`);
check(services.preau?.environment?.TRUST_PROXY === 'true', 'compose: preau must have TRUST_PROXY=true behind nginx');
check(services.preau?.environment?.REDIS_URL?.startsWith('redis://'), 'compose: preau needs REDIS_URL');
check(services.redis?.command?.join(' ').includes('--appendonly yes'), 'compose: redis needs --appendonly yes (sessions survive its restart)');
check(services.preau?.depends_on?.migrate?.condition === 'service_completed_successfully', 'compose: preau must wait for migrate');
check(JSON.stringify(services.migrate?.command) === '["migrate"]', 'compose: migrate runs `migrate`');
check(!services.preau?.ports, 'compose: app ports must not be published (nginx is the only way in)');
for (const [name, service] of Object.entries(services)) {
  for (const [key, value] of Object.entries(service.environment ?? {})) {
    if (configVars.includes(key) || ['POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD', 'UV_THREADPOOL_SIZE'].includes(key)) continue;
    check(false, `compose: ${name} sets ${key}, which Préau does not read`);
  }
  check(value(service.environment?.DATABASE_URL) === undefined || /^postgres/.test(service.environment.DATABASE_URL), `compose: ${name} DATABASE_URL`);
}
function value(v) {
  return v === '' ? undefined : v;
}

// 3. nginx: body limit a little above BODY_LIMIT_BYTES, WebSocket upgrade, X-Forwarded-For replaced.
const nginx = read('deploy/nginx/preau.conf');
const bodyDefault = Number(/BODY_LIMIT_BYTES: z\.coerce[^\n]*default\(([^)]+)\)/.exec(configSource)?.[1].split('*').reduce((a, b) => a * Number(b), 1));
const maxBody = /client_max_body_size\s+(\d+)([km]?);/.exec(nginx);
const maxBytes = maxBody ? Number(maxBody[1]) * { '': 1, k: 1024, m: 1024 * 1024 }[maxBody[2]] : 0;
check(bodyDefault === 1024 * 1024, `BODY_LIMIT_BYTES default read as ${bodyDefault}`);
check(maxBytes > bodyDefault && maxBytes <= 4 * bodyDefault, `nginx client_max_body_size ${maxBytes} should be a little above BODY_LIMIT_BYTES ${bodyDefault}`);
check(/location \/api\/v1\/live \{[^}]*Upgrade\s+\$http_upgrade/s.test(nginx), 'nginx: WebSocket upgrade for /api/v1/live');
check(/X-Forwarded-For\s+\$remote_addr;/.test(nginx) && !/proxy_add_x_forwarded_for/.test(nginx), 'nginx must replace X-Forwarded-For');

// 4. Helm values parse; with HELM_RENDER, templates render and every document parses.
const values = parse(read('deploy/helm/preau/values.yaml'));
parse(read('deploy/helm/preau/Chart.yaml'));
check(values.probes.readiness.path === '/readyz' && values.probes.liveness.path === '/healthz', 'helm: probe paths');
if (process.env.HELM_RENDER) {
  const dir = mkdtempSync(join(tmpdir(), 'preau-helm-'));
  const base = structuredClone(values);
  base.config.publicUrl = 'https://ent.example.org';
  base.secrets = { databaseUrl: 'postgres://preau:pw@db:5432/preau', redisUrl: 'redis://redis:6379/0', smtpUrl: '' };
  const sets = {
    default: base,
    full: merge(base, {
      ingress: { enabled: true, className: 'nginx', tls: [{ secretName: 'tls', hosts: ['ent.example.org'] }] },
      autoscaling: { enabled: true },
      config: { schoolYear: 2026, extraEnv: { NODE_OPTIONS: '--max-old-space-size=768', S3_ENDPOINT: 'https://s3.example.org', S3_BUCKET: 'preau' } },
      secrets: { smtpUrl: 'smtps://u:p@smtp.example.org:465', s3AccessKeyId: 'AK', s3SecretAccessKey: 'SK' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      imagePullSecrets: [{ name: 'registry' }],
    }),
    existingSecret: merge(base, { existingSecret: 'my-preau-env', secrets: { databaseUrl: '', redisUrl: '' } }),
  };
  for (const [name, set] of Object.entries(sets)) {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(set));
    const out = execFileSync(process.env.HELM_RENDER, [join(deploy, 'helm/preau'), file], { encoding: 'utf8' });
    writeFileSync(join(dir, `${name}.yaml`), out);
    const docs = parseAllDocuments(out).filter((d) => d.contents !== null);
    for (const doc of docs) check(doc.errors.length === 0, `helm ${name}: ${doc.errors.map(String).join('; ')}`);
    const objects = docs.map((d) => d.toJS());
    const kinds = objects.map((o) => o.kind).sort();
    for (const o of objects) check(o.apiVersion && o.kind && o.metadata?.name, `helm ${name}: object without apiVersion/kind/name`);
    const deployment = objects.find((o) => o.kind === 'Deployment');
    const container = deployment?.spec.template.spec.containers[0];
    check(container?.readinessProbe.httpGet.path === '/readyz', `helm ${name}: readiness /readyz`);
    check(container?.livenessProbe.httpGet.path === '/healthz', `helm ${name}: liveness /healthz`);
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
    check(env.BODY_LIMIT_BYTES === '1048576', `helm ${name}: BODY_LIMIT_BYTES rendered as ${env.BODY_LIMIT_BYTES}`);
    for (const key of Object.keys(env)) check(configVars.includes(key) || ['UV_THREADPOOL_SIZE', 'NODE_OPTIONS'].includes(key), `helm ${name}: unknown env ${key}`);
    for (const v of Object.values(env)) check(typeof v === 'string' || typeof v === 'object', `helm ${name}: env value not a string`);
    const job = objects.find((o) => o.kind === 'Job');
    check(job?.metadata.annotations['helm.sh/hook'] === 'pre-install,pre-upgrade', `helm ${name}: migration hook`);
    check(JSON.stringify(job?.spec.template.spec.containers[0].args) === '["migrate"]', `helm ${name}: job runs migrate`);
    check(kinds.includes('PodDisruptionBudget') && kinds.includes('Service'), `helm ${name}: PDB and Service`);
    check(kinds.includes('Secret') === (name !== 'existingSecret'), `helm ${name}: Secret only when the chart owns it`);
    if (name === 'full') {
      check(kinds.includes('HorizontalPodAutoscaler') && kinds.includes('Ingress'), 'helm full: HPA and Ingress');
      check(deployment.spec.replicas === undefined, 'helm full: no replicas with the HPA');
      check(env.SCHOOL_YEAR === '2026', `helm full: SCHOOL_YEAR rendered as ${env.SCHOOL_YEAR}`);
    }
    console.log(`helm ${name}: ${objects.length} objects (${kinds.join(', ')}) in ${join(dir, `${name}.yaml`)}`);
  }
  // Values that cannot work are refused.
  for (const [name, patch, expected] of [
    ['no publicUrl', { config: { publicUrl: '' } }, 'config.publicUrl is required'],
    ['no database', { secrets: { databaseUrl: '' } }, 'secrets.databaseUrl'],
    ['no redis with 2 pods', { secrets: { redisUrl: '' } }, 'secrets.redisUrl'],
  ]) {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(merge(base, patch)));
    let message = '';
    try {
      execFileSync(process.env.HELM_RENDER, [join(deploy, 'helm/preau'), file], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      message = String(error.stderr);
    }
    check(message.includes(expected), `helm refuses "${name}" (got: ${message.trim() || 'no error'})`);
  }
}

function merge(a, b) {
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return b;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = merge(a?.[k], v);
  return out;
}

if (problems.length > 0) {
  console.error(problems.map((p) => `FAIL ${p}`).join('\n'));
  console.error(`${checks - problems.length} passed, ${problems.length} failed`);
  process.exit(1);
}
console.log(`${checks} passed, 0 failed`);
