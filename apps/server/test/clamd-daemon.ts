import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Debian's clamd (clamav-daemon, not written here) for a test file: a daemon of its own on a Unix socket in a
 * temporary folder, whose only signatures are MD5 signatures of the given contents (nothing downloaded). Tests that
 * use it are listed in vitest.config.ts's `needs` table under /usr/sbin/clamd.
 */
export interface TestClamd {
  socket: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the daemon and removes its folder. */
  close(): Promise<void>;
}

export async function startTestClamd(signatures: ReadonlyArray<{ name: string; content: Buffer }>): Promise<TestClamd> {
  const dir = mkdtempSync(join(tmpdir(), 'preau-clamd-'));
  const socket = join(dir, 'clamd.sock');
  writeFileSync(join(dir, 'test.hdb'), signatures.map((s) => `${createHash('md5').update(s.content).digest('hex')}:${s.content.length}:${s.name}\n`).join(''));
  writeFileSync(
    join(dir, 'clamd.conf'),
    [`Foreground yes`, `LocalSocket ${socket}`, `DatabaseDirectory ${dir}`, `PidFile ${join(dir, 'clamd.pid')}`, `LogFile ${join(dir, 'clamd.log')}`, 'StreamMaxLength 20M'].join('\n') + '\n',
  );
  let child: ChildProcess | undefined;
  const clamd: TestClamd = {
    socket,
    async start() {
      child = spawn('/usr/sbin/clamd', ['-c', join(dir, 'clamd.conf')], { stdio: 'ignore' });
      for (let i = 0; i < 300 && !existsSync(socket); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
      if (!existsSync(socket)) throw new Error('clamd did not open its socket');
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      });
      rmSync(socket, { force: true });
    },
    async close() {
      await clamd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await clamd.start();
  return clamd;
}
