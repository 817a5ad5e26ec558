import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './servers.ts';

/** Debian's nginx in front of several `preau serve` processes, configured from deploy/nginx/preau.conf. */

/**
 * deploy/nginx/preau.conf as an operator installs it, with only what a
 * benchmark on one machine must change: plain HTTP on a free port of
 * 127.0.0.1 instead of TLS on 443 (no certificate here), no port-80
 * redirect, the two processes as the upstream, files under `folder`.
 */
export function nginxConfigFromDeploy(deployConf: string, folder: string, port: number, upstreams: number[]): string {
  let conf = deployConf;
  // The redirect server of port 80.
  conf = conf.replace(/server \{\s*listen 80;[\s\S]*?return 301[^}]*\}\s*\}/, '');
  conf = conf.replace(/^\s*server preau:3000 .*$/m, upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=3 fail_timeout=10s;`).join('\n'));
  conf = conf.replace(/^\s*listen 443 ssl;$/m, `    listen 127.0.0.1:${port};`);
  conf = conf.replace(/^\s*listen \[::\]:443 ssl;$/m, '');
  conf = conf.replace(/^\s*http2 on;$/m, '');
  conf = conf.replace(/^\s*ssl_[a-z_]+ .*;$/gm, '');
  conf = conf.replace(/access_log \/var\/log\/nginx\/preau\.access\.log/, `access_log ${folder}/access.log`);
  for (const needed of [`listen 127.0.0.1:${port};`, `server 127.0.0.1:${upstreams[0]}`, 'proxy_pass http://preau_app;']) {
    if (!conf.includes(needed)) throw new Error(`deploy/nginx/preau.conf changed shape: "${needed}" not made; update nginxConfigFromDeploy`);
  }
  return `worker_processes 1;
pid ${folder}/nginx.pid;
error_log ${folder}/error.log warn;
events { worker_connections 1024; }
http {
  client_body_temp_path ${folder}/client_body;
  proxy_temp_path ${folder}/proxy;
  fastcgi_temp_path ${folder}/fastcgi;
  uwsgi_temp_path ${folder}/uwsgi;
  scgi_temp_path ${folder}/scgi;
${conf}
}
`;
}

/** Starts nginx on 127.0.0.1:`port` in front of the processes listening on `upstreams`; waits until it passes /readyz on. */
export async function startNginx(port: number, upstreams: number[]): Promise<{ base: string; child: ChildProcess; folder: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'preau-mix-nginx-'));
  const conf = join(folder, 'nginx.conf');
  writeFileSync(conf, nginxConfigFromDeploy(readFileSync(join(repoRoot, 'deploy/nginx/preau.conf'), 'utf8'), folder, port, upstreams));
  const child = spawn('/usr/sbin/nginx', ['-p', folder, '-e', join(folder, 'error.log'), '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[nginx] ${chunk.toString()}`));
  const base = `http://127.0.0.1:${port}`;
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${readFileSync(join(folder, 'error.log'), 'utf8')}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - start > 10_000) throw new Error('nginx not listening');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, child, folder };
}

/** Stops nginx and removes its folder. */
export async function stopNginx(nginx: { child: ChildProcess; folder: string }): Promise<void> {
  // SIGTERM, not SIGKILL: the master then stops its worker, which would otherwise outlive it.
  if (nginx.child.exitCode === null) {
    const exited = new Promise((done) => nginx.child.once('exit', done));
    nginx.child.kill('SIGTERM');
    await exited;
  }
  rmSync(nginx.folder, { recursive: true, force: true });
}

