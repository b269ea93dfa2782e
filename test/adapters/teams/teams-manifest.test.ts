import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { teamsPackageCommand } from '../../../src/cli/commands/teams-package.command.ts';
import { CLI_COMMANDS } from '../../../src/cli/command-table.ts';
import { TEAMS_MANIFEST_DIR, pngSize } from '../../../src/infra/teams/teams-app-package.ts';
import { commandEntry } from '../../../src/core/commands/command-table.ts';

const SCHEMA = fileURLToPath(new URL('../../fixtures/teams/MicrosoftTeams.schema.v1.29.json', import.meta.url));
const APP_ID = 'cd59cf47-aca1-41e0-8441-387faee8331e';

/**
 * The official Teams manifest schema v1.29 with a draft-07 validator: the file names draft-04 as its `$schema` but
 * uses `const` (draft-06+), which a draft-04 validator would silently ignore.
 */
function manifestValidator() {
  const { $schema: _ignored, ...schema } = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S+$/i);
  return ajv.compile(schema);
}

/** RGBA pixels of an 8-bit, non-interlaced RGBA PNG (what make-icons.mjs writes). */
function rgbaPixels(png: Uint8Array): Array<[number, number, number, number]> {
  const { width, height } = pngSize(png);
  const buffer = Buffer.from(png);
  const idat: Buffer[] = [];
  for (let at = 8; at < buffer.length;) {
    const length = buffer.readUInt32BE(at);
    const type = buffer.toString('ascii', at + 4, at + 8);
    if (type === 'IHDR') expect([buffer[at + 16], buffer[at + 17], buffer[at + 20]]).toEqual([8, 6, 0]);
    if (type === 'IDAT') idat.push(buffer.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels: Array<[number, number, number, number]> = [];
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 4 + 1);
    expect(raw[row]).toBe(0);
    for (let x = 0; x < width; x += 1) {
      const p = row + 1 + x * 4;
      pixels.push([raw[p], raw[p + 1], raw[p + 2], raw[p + 3]]);
    }
  }
  return pixels;
}

describe('Teams app manifest and package', () => {
  const validate = manifestValidator();
  const dir = mkdtempSync(join(tmpdir(), 'samband-teams-pkg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('manifests/teams/manifest.json is valid against the Teams schema v1.29', () => {
    const manifest = JSON.parse(readFileSync(`${TEAMS_MANIFEST_DIR}manifest.json`, 'utf8'));
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(manifest.manifestVersion).toBe('1.29');
    // The schema is really checked: a wrong manifestVersion (a `const`) is refused.
    expect(validate({ ...manifest, manifestVersion: '1.17' })).toBe(false);
  });

  it('can be added to shared and private channels (a shared channel gets only the minimum of an incident)', () => {
    const manifest = JSON.parse(readFileSync(`${TEAMS_MANIFEST_DIR}manifest.json`, 'utf8'));
    expect([...manifest.supportedChannelTypes].sort()).toEqual(['privateChannels', 'sharedChannels']);
  });

  it('lists the core\'s commands in commandLists, so Teams suggests them in every scope', () => {
    const manifest = JSON.parse(readFileSync(`${TEAMS_MANIFEST_DIR}manifest.json`, 'utf8'));
    const lists = manifest.bots[0].commandLists as Array<{ scopes: string[]; commands: Array<{ title: string }> }>;
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) {
      expect(list.commands.map((c) => c.title)).toContain('incident');
      // Every suggested command is a word the core's parser knows.
      for (const command of list.commands) expect(commandEntry(command.title), command.title).toBeDefined();
    }
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
  });

  it('has a 192x192 colour icon and a 32x32 outline icon that is white on transparency', () => {
    const color = new Uint8Array(readFileSync(`${TEAMS_MANIFEST_DIR}color.png`));
    const outline = new Uint8Array(readFileSync(`${TEAMS_MANIFEST_DIR}outline.png`));
    expect(pngSize(color)).toEqual({ width: 192, height: 192 });
    expect(pngSize(outline)).toEqual({ width: 32, height: 32 });
    const pixels = rgbaPixels(outline);
    expect(pixels.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
    expect(pixels.some(([, , , a]) => a === 0)).toBe(true);
    expect(pixels.some(([, , , a]) => a === 255)).toBe(true);
    expect(rgbaPixels(color).every(([, , , a]) => a === 255)).toBe(true);
  });

  it('`samband teams package` writes the zip an admin uploads, with this deployment\'s ids, valid against the schema', async () => {
    const out = join(dir, 'samband.zip');
    expect(CLI_COMMANDS.find((c) => c.matches(['teams', 'package']))).toBe(teamsPackageCommand);
    const code = await teamsPackageCommand.run(['teams', 'package'], {
      'app-id': APP_ID, version: '1.4.0', out, 'website-url': 'https://samband.stockholm.example/', 'privacy-url': 'https://samband.stockholm.example/privacy',
    });
    expect(code).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(out)));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(manifest).toMatchObject({ id: APP_ID, version: '1.4.0', bots: [{ botId: APP_ID }], developer: { websiteUrl: 'https://samband.stockholm.example/' } });
    expect(Buffer.from(files['color.png']).equals(readFileSync(`${TEAMS_MANIFEST_DIR}color.png`))).toBe(true);
  });

  it('refuses a package without a valid bot id or with a bad version', async () => {
    const previous = process.env.MICROSOFT_APP_ID;
    delete process.env.MICROSOFT_APP_ID;
    try {
      expect(await teamsPackageCommand.run(['teams', 'package'], { out: join(dir, 'none.zip') })).toBe(2);
      expect(await teamsPackageCommand.run(['teams', 'package'], { 'app-id': 'my-bot', out: join(dir, 'bad.zip') })).toBe(2);
      expect(await teamsPackageCommand.run(['teams', 'package'], { 'app-id': APP_ID, version: '1.4', out: join(dir, 'bad.zip') })).toBe(2);
      expect(await teamsPackageCommand.run(['teams', 'package'], { 'app-id': APP_ID, 'website-url': 'http://plain.example', out: join(dir, 'bad.zip') })).toBe(2);
    } finally {
      if (previous !== undefined) process.env.MICROSOFT_APP_ID = previous;
    }
  });
});
