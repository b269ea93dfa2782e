import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');

/** Every .ts file under a folder of the repository (generated Prisma code left out), as repository paths. */
export function sourceFiles(dir: string): string[] {
  const full = join(root, dir);
  return readdirSync(full).flatMap((name) => {
    const path = join(full, name);
    if (name === 'generated' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(relative(root, path));
    return /\.(ts|mts)$/.test(name) ? [relative(root, path)] : [];
  });
}

/** One import of a file: the module, resolved to a repository path when relative, and whether it is `import type`. */
export interface ImportEdge {
  target: string;
  typeOnly: boolean;
}

const IMPORT = /(import|export)\s(type\s)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module a file imports (static, re-exports and dynamic `import()`), type-only imports included. */
export function importEdges(file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => {
    const spec = m[3] ?? m[4];
    const target = spec.startsWith('.') ? relative(root, resolve(dirname(join(root, file)), spec)) : spec;
    return { target, typeOnly: m[2] !== undefined };
  });
}

export const importsOf = (file: string): string[] => importEdges(file).map((e) => e.target);

/**
 * The import cycles among `files`, each as a path that starts and ends at the same file (`a -> b -> a`). Tarjan's
 * strongly connected components: any component of two or more files, or a file importing itself, holds a cycle;
 * one shortest cycle through its first file is reported. Type-only imports count: a circle of types is still a
 * circle to read.
 */
export function importCycles(files: string[], edgesOf: (file: string) => string[] = importsOf): string[][] {
  const known = new Set(files);
  const graph = new Map(files.map((f) => [f, [...new Set(edgesOf(f).filter((t) => known.has(t)))]]));
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)!) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)!.includes(node)) components.push(component.sort());
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return components.map((component) => shortestCycle(graph, component));
}

/** A shortest path from the component's first file back to itself, inside the component (breadth first). */
function shortestCycle(graph: Map<string, string[]>, component: string[]): string[] {
  const inside = new Set(component);
  const start = component[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node)!) {
      if (!inside.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return component;
}
