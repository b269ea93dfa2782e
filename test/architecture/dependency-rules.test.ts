import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCycles, importEdges, importsOf, root, sourceFiles } from './import-graph.ts';

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

  it('there is no import cycle anywhere in src/ and adapters/ (type-only imports and import() included)', () => {
    const cycles = importCycles([...sourceFiles('src'), ...sourceFiles('adapters')]);
    expect(cycles.map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('the cycle finder finds a cycle when there is one (two files, three files, a file importing itself)', () => {
    const graph: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a', 'd'], d: [], e: ['f'], f: ['e'], g: ['g'], h: ['a'] };
    expect(importCycles(Object.keys(graph), (f) => graph[f])).toEqual([['a', 'b', 'c', 'a'], ['e', 'f', 'e'], ['g', 'g']]);
  });

  /**
   * Ports that adapters own, infra implements: an adapter declares the storage it needs in a `*.port.ts` file of its
   * own folder (adapters/slack/slack-storage.port.ts, adapters/teams/teams.port.ts, adapters/web/web-message-store.port.ts),
   * and src/infra implements it with Prisma. Infra imports nothing else from adapters/, and only types, so a store
   * never pulls an SDK in; the port file itself imports only the core. Only the composition root (src/cli) imports
   * an adapter's code.
   */
  it('infra implements ports that adapters own: it imports only their *.port.ts files, type-only, and those import only the core', () => {
    const fromInfra = sourceFiles('src/infra').flatMap((file) => importEdges(file)
      .filter((e) => e.target.startsWith('adapters/') && (!/\.port\.ts$/.test(e.target) || !e.typeOnly))
      .map((e) => `${file} -> ${e.target}${e.typeOnly ? '' : ' (not type-only)'}`));
    expect(fromInfra).toEqual([]);
    const ports = sourceFiles('adapters').filter((f) => f.endsWith('.port.ts'));
    expect(ports.length).toBeGreaterThanOrEqual(3);
    expect(violations(ports, (t) => !t.startsWith('src/core/'))).toEqual([]);
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
