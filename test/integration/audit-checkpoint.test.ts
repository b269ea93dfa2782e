import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { DATABASE_KINDS } from '../support/test-database.ts';
import { capturedOutput } from '../support/cli-output.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { readEnv } from '../../src/infra/config/env.ts';
import { checkpointConfig, type CheckpointConfig } from '../../src/infra/audit/checkpoint-settings.ts';
import { auditCheckpointJob } from '../../src/infra/audit/audit-checkpoint.job.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';
import { runAuditCheckpoint, runAuditVerify } from '../../src/cli/commands/audit.command.ts';
import { lastAuditSeq, say } from './support/harness.ts';

// The end of the audit trail is anchored by signed checkpoints written outside the database: removing the newest
// events (as a superuser who switches the guard off) or rewriting them is reported by `audit verify` at the position,
// and a checkpoint cannot be forged or altered without the key.

const keys = () => {
  const pair = generateKeyPairSync('ed25519');
  return {
    privatePem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    privateBase64: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicPem: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
};

describe.each(DATABASE_KINDS)('signed audit checkpoints (%s)', (kind) => {
  let app: TestApp;
  const clock = new ManualClock(new Date('2026-11-29T09:00:00Z'));
  const folder = mkdtempSync(join(tmpdir(), 'samband-checkpoints-'));
  const key = keys();
  const config = (env: Record<string, string>): CheckpointConfig => checkpointConfig(readEnv(env));
  const signing = () => config({ SAMBAND_CHECKPOINT_DIR: folder, SAMBAND_AUDIT_KEY: key.privatePem });
  const verifyOnly = () => config({ SAMBAND_CHECKPOINT_DIR: folder, SAMBAND_AUDIT_PUBLIC_KEY: key.publicPem });
  const checkpoint = async (settings = signing()) => {
    const output = capturedOutput();
    const code = await runAuditCheckpoint(app.db, output, settings, clock.now());
    return { code, out: output.out(), err: output.err() };
  };
  const verify = async (settings: CheckpointConfig = verifyOnly()) => {
    const output = capturedOutput();
    const code = await runAuditVerify(app.db, output, settings);
    return { code, out: output.out() };
  };
  const files = () => readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
  const cutNewest = (n: number) => app.db.sql.exec(`
    ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete;
    DELETE FROM audit_event WHERE seq > (SELECT max(seq) - ${n} FROM audit_event);
    ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete;`);

  beforeAll(async () => {
    app = await startTestApp(kind, { clock, background: false, wires: [], listen: false });
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses to write a checkpoint without a folder or without a signing key, and writes nothing', async () => {
    expect(await checkpoint(config({ SAMBAND_AUDIT_KEY: key.privatePem }))).toMatchObject({ code: 1, err: expect.stringContaining('set SAMBAND_CHECKPOINT_DIR') });
    expect(await checkpoint(config({ SAMBAND_CHECKPOINT_DIR: folder }))).toMatchObject({ code: 1, err: expect.stringContaining('unsigned checkpoints are refused') });
    expect(files()).toEqual([]);
    // The periodic job is not even started without a key.
    expect(auditCheckpointJob(app.db, config({ SAMBAND_CHECKPOINT_DIR: folder }), clock, silentLogger)).toBeNull();
    // Without a folder, verify checks the chain and says plainly that the end is not anchored.
    expect(await verify(config({}))).toEqual({ code: 0, out: expect.stringMatching(/audit chain verified: \d+ events\nno checkpoint folder configured/) });
    // A folder without any checkpoint of this database: not anchored yet, said so.
    expect(await verify()).toMatchObject({ code: 0, out: expect.stringContaining('no checkpoint of database') });
  });

  it('writes a signed checkpoint of the head naming the database, once per head; verify anchors the end', async () => {
    await say(app, 'anna.lind', '/incident Rinkeby 2 stenkastning mot buss');
    const head = await lastAuditSeq(app.db);
    const first = await checkpoint();
    expect(first).toMatchObject({ code: 0, out: expect.stringContaining(`(event ${head})`) });
    expect(files()).toHaveLength(1);
    const written = JSON.parse(readFileSync(join(folder, files()[0]), 'utf8')) as Record<string, string>;
    const [{ id }] = await app.db.sql.query<{ id: string }>('SELECT id FROM database_identity');
    const [{ hash }] = await app.db.sql.query<{ hash: string }>('SELECT hash FROM audit_event WHERE seq = $1::bigint', [head.toString()]);
    expect(written).toMatchObject({ format: 'samband-audit-checkpoint/1', database: id, seq: head.toString(), hash, at: clock.now().toISOString() });
    expect(written.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);

    // The same head again: no second file.
    expect(await checkpoint()).toMatchObject({ code: 0, out: expect.stringContaining('already written') });
    expect(files()).toHaveLength(1);

    // The periodic job writes the next head; the key given as base64 PKCS#8 signs the same way.
    await say(app, 'karin.dahl', 'lista');
    await say(app, 'erik.holm', '/incident Vårberg 3 bråk vid tunnelbanan');
    const job = auditCheckpointJob(app.db, config({ SAMBAND_CHECKPOINT_DIR: folder, SAMBAND_AUDIT_KEY: key.privateBase64 }), clock, silentLogger)!;
    expect(await job.runOnce()).toBe(1);
    expect(files()).toHaveLength(2);

    const verified = await verify();
    expect(verified.code).toBe(0);
    expect(verified.out).toContain(`end of the trail anchored: event ${await lastAuditSeq(app.db)} matches the newest checkpoint`);
    expect(verified.out).toContain('2 checkpoint(s) checked');
  });

  /** The checkpoints' seq values, and the trail's head before and after the cut. */
  let anchored: bigint[] = [];
  let headBeforeCut = 0n;
  let headAfterCut = 0n;

  it('deleting the newest events after a checkpoint fails verify and names the position', async () => {
    await say(app, 'sara.nyberg', '/incident Husby 3 #public-order nedskräpning');
    expect((await checkpoint()).code).toBe(0);
    const head = await lastAuditSeq(app.db);
    anchored = files().map((f) => BigInt(JSON.parse(readFileSync(join(folder, f), 'utf8')).seq as string));
    expect(anchored).toEqual([head - 2n, head - 1n, head]);
    // The newest two events go: the checkpoint before them still matches, the newest no longer has its event.
    await cutNewest(2);
    headBeforeCut = head;
    headAfterCut = await lastAuditSeq(app.db);
    // The hash chain alone still holds: what is left is a whole chain, only shorter.
    const result = await verify();
    expect(result.out).toContain('audit chain verified');
    expect(result.code).toBe(1);
    expect(result.out).toContain(`holds event ${head}, but the trail ends at event ${head - 2n}: events ${head - 1n} to ${head} were removed`);
  });

  it('new events chained onto the shortened tail are reported as a fork at the checkpointed position', async () => {
    // Events reuse the removed numbers, each chained onto the shortened tail.
    await say(app, 'anna.lind', '/incident Rinkeby 1 brand i soprum');
    await say(app, 'karin.dahl', '/incident Rinkeby 2 skadegörelse');
    await say(app, 'erik.holm', '/incident Vårberg 2 bråk');
    expect(await lastAuditSeq(app.db)).toBeGreaterThan(headBeforeCut);
    const result = await verify();
    expect(result.code).toBe(1);
    // The first checkpoint past the cut is the first that no longer matches; the one at the cut still does, so the
    // rewrite is placed exactly: the event after it.
    expect(anchored).toContain(headAfterCut);
    expect(result.out).toContain(`audit trail forked: event ${headAfterCut + 1n} has hash`);
    expect(result.out).toContain(`rewritten after event ${headAfterCut} (the newest checkpoint that still matches) and at or before event ${headAfterCut + 1n}`);
  });

  it('an altered checkpoint file or one signed with another key is not trusted', async () => {
    const newest = files().at(-1)!;
    const path = join(folder, newest);
    const original = readFileSync(path, 'utf8');
    const altered = JSON.parse(original) as Record<string, string>;
    // Moving the anchor back to hide the cut breaks the signature.
    writeFileSync(path, JSON.stringify({ ...altered, seq: '1' }));
    expect(await verify()).toMatchObject({ code: 1, out: expect.stringContaining(`checkpoint ${newest} in ${folder} is not signed by the audit key`) });
    writeFileSync(path, original);

    // A verifier with another key skips every checkpoint: nothing it can trust anchors the end.
    const other = keys();
    expect(await verify(config({ SAMBAND_CHECKPOINT_DIR: folder, SAMBAND_AUDIT_PUBLIC_KEY: other.publicPem })))
      .toMatchObject({ code: 0, out: expect.stringContaining(`signed with another key skipped`) });
    // A public key that is not the private key's half is refused at once.
    expect(() => config({ SAMBAND_AUDIT_KEY: key.privatePem, SAMBAND_AUDIT_PUBLIC_KEY: other.publicPem })).toThrow(/is not the public half of SAMBAND_AUDIT_KEY/);
    expect(() => config({ SAMBAND_AUDIT_KEY: 'not a key' })).toThrow(/^SAMBAND_AUDIT_KEY: the audit private key cannot be read/);
  });
});

describe('a running server anchors its trail at shutdown', () => {
  it('close() writes a checkpoint of the final head', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'samband-checkpoints-'));
    const key = keys();
    const app = await startTestApp('postgres', {
      background: true, wires: [], listen: false,
      env: { SAMBAND_CHECKPOINT_DIR: folder, SAMBAND_AUDIT_KEY: key.privatePem, SAMBAND_CHECKPOINT_INTERVAL_MS: '3600000' },
    });
    try {
      await app.listen();
      const { incident } = await say(app, 'anna.lind', '/incident Rinkeby 2 stenkastning mot buss');
      // Every notification tried once (no platform is wired, so each is rescheduled): the worker is idle.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const untried = await app.db.prisma.notification.count({ where: { incidentId: incident!.id, attempts: 0 } });
        const recorded = await app.db.prisma.auditEvent.count({ where: { action: 'notification.retry_scheduled' } });
        const all = await app.db.prisma.notification.count({ where: { incidentId: incident!.id } });
        if (untried === 0 && recorded === all) break;
        if (Date.now() > deadline) throw new Error('the worker did not try every notification in time');
        await new Promise((resolve) => setImmediate(resolve));
      }
      const beforeClose = await lastAuditSeq(app.db);
      await app.close();
      // The job wrote the head at start; only the shutdown checkpoint can hold the events written since.
      expect(readdirSync(folder).some((f) => f.endsWith(`-${beforeClose.toString().padStart(20, '0')}.json`))).toBe(true);
      const head = await lastAuditSeq(app.testDb);
      const newest = readdirSync(folder).filter((f) => f.endsWith('.json')).sort().at(-1)!;
      expect(JSON.parse(readFileSync(join(folder, newest), 'utf8'))).toMatchObject({ seq: head.toString() });
    } finally {
      await app.testDb.destroy();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
