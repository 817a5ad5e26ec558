import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's Apache modules. */
export const apacheModules = '/usr/lib/apache2/modules';

/** Retries a check every 100 ms for 15 s; the error names what was awaited and shows Apache's log. */
export async function waitFor(check: () => Promise<boolean>, what: string, folder?: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const log = folder && existsSync(`${folder}/error.log`) ? `:\n${readFileSync(`${folder}/error.log`, 'utf8')}` : '';
  throw new Error(`${what} not ready in time${log}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Debian's Apache in the foreground on a configuration of the test's own (written to `folder/httpd.conf`),
 * answered at `origin`; `stop()` ends it by its pid.
 */
export async function startApache(folder: string, config: string, origin: string): Promise<{ stop(): Promise<void> }> {
  writeFileSync(join(folder, 'httpd.conf'), config);
  const apache: ChildProcess = spawn('/usr/sbin/apache2', ['-f', join(folder, 'httpd.conf'), '-DFOREGROUND'], {
    env: { PATH: process.env.PATH, APACHE_RUN_DIR: folder, APACHE_LOCK_DIR: folder, APACHE_LOG_DIR: folder },
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group: prefork's shutdown signals the whole group, which would take the test with it.
    detached: true,
  });
  apache.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[apache] ${chunk.toString()}`));
  await waitFor(async () => (await fetch(`${origin}/`, { redirect: 'manual' })).status > 0, 'apache', folder);
  return {
    async stop() {
      if (!apache.pid) return;
      apache.kill('SIGTERM');
      // Waits for Apache to be gone (its children end first), by its pid: at most 10 s, then SIGKILL.
      for (let i = 0; i < 100 && isRunning(apache.pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      if (isRunning(apache.pid)) apache.kill('SIGKILL');
    },
  };
}
