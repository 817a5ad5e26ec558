import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { loginAs } from '../../../test/http.ts';
import { loadConfig } from '../../platform/config.ts';
import { openPGlite } from '../../platform/db/database.ts';
import { appliedMigrations, migrateTo, migrationNames } from '../../platform/db/migrate.ts';
import { startServer } from '../../serve.ts';
import { runBackupCommand } from './backup-command.ts';
import { tableFingerprints } from './backup.repository.ts';
import { createBackup, restoreBackup, verifyBackup } from './backup.service.ts';

const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'preau-backup-'));
  folders.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function multipart(fileName: string, content: Buffer) {
  const boundary = '----preau-backup-test';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('preau backup and preau restore (embedded mode)', () => {
  it('backs up a running demo while it works, and restores every row and every file as at the snapshot', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const root = tempFolder();
    const dataDir = join(root, 'data');
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: '0',
      HOST: '127.0.0.1',
      PREAU_DATA: dataDir,
      SCHOOL_YEAR: '2026',
      LOGIN_MAX_PER_IP: '1000000',
    });
    const server = await startServer(config); // seeds the demo on the empty folder
    const { app } = server;
    const teacher = await loginAs(app, 'demo.enseignant', 'Preau-Demo-2026!');
    const student = await server.platform.database.db.selectFrom('accounts').select('id').where('login', '=', 'demo.eleve').executeTakeFirstOrThrow();

    // Activity: drafts with an attachment each, and sent messages, all the time the backup runs.
    let running = true;
    let done = 0;
    const activity = (async () => {
      while (running) {
        const draft = await app.inject({
          method: 'POST',
          url: '/api/v1/messaging/drafts',
          headers: teacher,
          payload: { to: [{ type: 'PERSON', id: student.id }], subject: `Sauvegarde ${done}`, body: '<p>Pendant la sauvegarde</p>' },
        });
        expect(draft.statusCode).toBe(201);
        const body = multipart(`piece-${done}.pdf`, randomBytes(2_000 + done));
        const upload = await app.inject({
          method: 'POST',
          url: `/api/v1/messaging/drafts/${(draft.json() as { id: string }).id}/attachments`,
          headers: { ...teacher, 'content-type': body.contentType },
          payload: body.payload,
        });
        expect(upload.statusCode).toBe(201);
        done++;
      }
    })();
    while (done < 3) await new Promise((r) => setTimeout(r, 50));

    const backup = join(root, 'backup');
    expect(await runBackupCommand(config, 'backup', [backup])).toBe(0); // through the running server's socket
    const atBackup = done;
    while (done < atBackup + 3) await new Promise((r) => setTimeout(r, 50));
    running = false;
    await activity;

    const manifest = await verifyBackup(backup);
    expect(manifest.schema).toBe(migrationNames.at(-1));
    expect(manifest.tables.accounts?.rows).toBeGreaterThan(300);
    const attachments = manifest.tables.message_attachments?.rows ?? 0;
    expect(attachments).toBeGreaterThanOrEqual(3);
    expect(attachments).toBeLessThan(done); // the snapshot is a moment: later uploads are not in it
    // The files as they were: checksums of the originals, taken before the wipe.
    const originals = new Map(manifest.files.map((f) => [f.key, sha256(join(dataDir, 'files', f.key))]));
    await server.close();

    rmSync(dataDir, { recursive: true });
    expect(await runBackupCommand(config, 'restore', [backup])).toBe(0);

    const restored = await openPGlite(dataDir);
    try {
      expect(await tableFingerprints(restored.db)).toEqual(manifest.tables);
      const keys = await restored.db.selectFrom('message_attachments').select('storage_key').execute();
      expect(keys).toHaveLength(attachments);
      for (const { storage_key: key } of keys) {
        expect(originals.has(key)).toBe(true);
        expect(sha256(join(dataDir, 'files', key))).toBe(originals.get(key));
      }
    } finally {
      await restored.close();
    }

    // A second restore onto the restored folder is refused and changes nothing.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = readFileSync(join(dataDir, 'files', manifest.files[0]!.key));
    expect(await runBackupCommand(config, 'restore', [backup])).toBe(1);
    expect(console.error).toHaveBeenCalledWith(expect.stringMatching(/is not empty: nothing done/));
    expect(readFileSync(join(dataDir, 'files', manifest.files[0]!.key))).toEqual(before);
  }, 180_000);

  it('restores a backup taken on the previous schema version and migrates it forward', async () => {
    const previous = migrationNames.at(-2)!;
    const oldData = tempFolder();
    const old = await openPGlite(oldData);
    await migrateTo(old.db, previous);
    await old.db.insertInto('collectivites').values({ name: 'Région d’avant', kind: 'REGION' }).execute();
    const backup = join(tempFolder(), 'backup');
    const manifest = await createBackup(old, undefined, backup);
    await old.close();
    expect(manifest.schema).toBe(previous);

    const newData = join(tempFolder(), 'data');
    const report = await restoreBackup(backup, newData);
    expect(report.migrated).toEqual([migrationNames.at(-1)]);
    const restored = await openPGlite(newData);
    try {
      expect(await appliedMigrations(restored.db)).toEqual(migrationNames);
      expect(await restored.db.selectFrom('collectivites').select('name').execute()).toEqual([{ name: 'Région d’avant' }]);
    } finally {
      await restored.close();
    }
  }, 120_000);

  it('finds a damaged or cut-short backup before restoring anything', async () => {
    const data = tempFolder();
    const database = await openPGlite(data);
    const files = join(data, 'files');
    mkdirSync(join(files, 'messaging', 'ab'), { recursive: true });
    writeFileSync(join(files, 'messaging', 'ab', 'abcdef'), 'contenu');
    const backup = join(tempFolder(), 'backup');
    await createBackup(database, files, backup);
    await database.close();

    appendFileSync(join(backup, 'files', 'messaging', 'ab', 'abcdef'), ' abîmé');
    const target = join(tempFolder(), 'data');
    await expect(restoreBackup(backup, target)).rejects.toThrow(/files\/messaging\/ab\/abcdef: checksum differs/);
    expect(existsSync(target)).toBe(false);

    rmSync(join(backup, 'manifest.json'));
    await expect(verifyBackup(backup)).rejects.toThrow(/cut short/);
  }, 120_000);
});
