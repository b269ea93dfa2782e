import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { distIsFresh, sourceStamp, STAMP_FILE } from '../../bin/dist-stamp.mjs';

// `bin/samband.mjs` runs the compiled dist/ only while it was built from the sources as they are now, and the sources
// through tsx otherwise: an edited checkout never runs a stale build. Shown on a small package of the same layout
// whose two entry points say which one ran.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'samband-bin-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function write(root: string, path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A package with bin/ as shipped, sources whose `main` prints "sources" and a dist/ whose `main` prints "dist". */
function fakePackage(name: string): string {
  const root = join(temp, name);
  cpSync(join(ROOT, 'bin', 'samband.mjs'), join(root, 'bin', 'samband.mjs'));
  cpSync(join(ROOT, 'bin', 'dist-stamp.mjs'), join(root, 'bin', 'dist-stamp.mjs'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  write(root, 'package.json', '{ "type": "module" }');
  const entry = (from: string) => `export async function main(argv: string[]): Promise<number> { process.stdout.write(${JSON.stringify(from)} + ' ' + argv.join(' ')); return 0; }\n`;
  write(root, 'src/cli/main.ts', entry('sources'));
  write(root, 'adapters/web/page.css', 'body {}');
  write(root, 'dist/src/cli/main.js', entry('dist').replace(/: string\[\]|: Promise<number>/g, ''));
  return root;
}

const stampDist = (root: string) => write(root, `dist/${STAMP_FILE}`, JSON.stringify({ stamp: sourceStamp(root) }));

function run(root: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'samband.mjs'), 'say', 'hello'], { cwd: temp, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.stderr.on('data', (chunk) => { err += chunk; });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

describe('bin/samband.mjs picks dist/ or the sources', () => {
  it('runs the sources through tsx when there is no build', async () => {
    const root = fakePackage('no-build');
    rmSync(join(root, 'dist'), { recursive: true });
    expect(distIsFresh(root)).toBe(false);
    expect(await run(root)).toBe('sources say hello');
  }, 60_000);

  it('runs dist/ when it was built from the sources as they are', async () => {
    const root = fakePackage('fresh');
    stampDist(root);
    expect(distIsFresh(root)).toBe(true);
    expect(await run(root)).toBe('dist say hello');
  }, 60_000);

  it('runs the sources again once one is edited, added or removed after the build', async () => {
    const edited = fakePackage('edited');
    stampDist(edited);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(edited, 'src/cli/main.ts'), later, later);
    expect(await run(edited)).toBe('sources say hello');

    const added = fakePackage('added');
    stampDist(added);
    write(added, 'adapters/web/new.ts', 'export {};\n');
    expect(distIsFresh(added)).toBe(false);

    const removed = fakePackage('removed');
    stampDist(removed);
    rmSync(join(removed, 'adapters/web/page.css'));
    expect(distIsFresh(removed)).toBe(false);
  }, 60_000);
});
