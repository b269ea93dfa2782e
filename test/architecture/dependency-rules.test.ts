import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  const full = join(root, dir);
  return readdirSync(full).flatMap((name) => {
    const path = join(full, name);
    if (name === 'generated' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(relative(root, path));
    return /\.(ts|mts)$/.test(name) ? [relative(root, path)] : [];
  });
}

/** Every module a file imports, resolved to a repository path when relative, or the bare package name. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2]);
  return specs.map((spec) => (spec.startsWith('.') ? relative(root, resolve(dirname(join(root, file)), spec)) : spec));
}

function violations(files: string[], forbidden: (target: string) => boolean): string[] {
  return files.flatMap((file) => importsOf(file).filter(forbidden).map((target) => `${file} -> ${target}`));
}

const SDK = /^(@slack\/|botbuilder|botframework-|@prisma\/|pg$|@electric-sql\/|pglite-prisma-adapter)/;

describe('dependency rules (ARCHITECTURE.md, rule 1)', () => {
  it('src/core imports no SDK, no Prisma, no infra and no adapter', () => {
    const found = violations(sourceFiles('src/core'), (t) => SDK.test(t) || t.startsWith('src/infra') || t.startsWith('src/cli') || t.startsWith('adapters'));
    expect(found).toEqual([]);
  });

  it('src/core draws nothing: no zlib, no SVG, no PNG (charts are data; adapters draw them)', () => {
    const files = sourceFiles('src/core');
    expect(violations(files, (t) => /^(node:)?zlib$/.test(t))).toEqual([]);
    expect(files.filter((file) => /<svg|IHDR|deflate/.test(readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });

  it('adapters import the core and their own folder, never infra, Prisma or each other', () => {
    const files = sourceFiles('adapters');
    const found = files.flatMap((file) => {
      const own = file.split('/').slice(0, 2).join('/');
      return importsOf(file)
        .filter((t) => t.startsWith('src/infra') || t.startsWith('src/cli') || /^(@prisma\/|pg$)/.test(t) || (t.startsWith('adapters/') && !t.startsWith(`${own}/`)))
        .map((t) => `${file} -> ${t}`);
    });
    expect(found).toEqual([]);
  });

  it('botbuilder is imported only inside adapters/teams', () => {
    const files = [...sourceFiles('src'), ...sourceFiles('adapters')].filter((f) => !f.startsWith('adapters/teams/'));
    expect(violations(files, (t) => /^(botbuilder|botframework-)/.test(t))).toEqual([]);
  });

  it('@slack/* is imported only inside adapters/slack (and the Slack installation store in infra)', () => {
    const files = [...sourceFiles('src'), ...sourceFiles('adapters')].filter((f) => !f.startsWith('adapters/slack/') && !f.startsWith('src/infra/slack/'));
    expect(violations(files, (t) => t.startsWith('@slack/'))).toEqual([]);
  });

  it('the checker sees imports at all (it would flag a core file importing Prisma)', () => {
    // Guards against the rules above passing because the scanner found nothing.
    expect(sourceFiles('src/core').length).toBeGreaterThan(20);
    expect(importsOf('src/infra/db/database.ts')).toContain('@prisma/adapter-pg');
    expect(importsOf('src/core/incident/register-incident.service.ts')).toContain('src/core/routing/route-incident.ts');
  });
});
