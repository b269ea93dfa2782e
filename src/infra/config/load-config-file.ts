import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { canonicalJson } from '../../core/audit/audit-digest.ts';
import { deploymentConfigSchema, type DeploymentConfig } from './config.schema.ts';

/** The deployment file shipped with Samband: Stockholm's agencies, areas and routing, with demo people. */
export const BUNDLED_CONFIG_PATH = fileURLToPath(new URL('./stockholm.yaml', import.meta.url));

/** One problem in a deployment file, with where it is (1-based line and column) and what is wrong. */
export interface ConfigError {
  file: string;
  line: number;
  column: number;
  /** The offending node, e.g. `routing[3].notify[1]`; '' for the whole file. */
  path: string;
  message: string;
}

export type ConfigParseResult =
  | { ok: true; config: DeploymentConfig; digest: string }
  | { ok: false; errors: ConfigError[] };

type PathSegment = PropertyKey;

/** `['routing', 3, 'notify', 1]` -> `routing[3].notify[1]`. */
export function formatConfigPath(path: readonly PathSegment[]): string {
  return path
    .map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : `${i === 0 ? '' : '.'}${String(seg)}`))
    .join('');
}

/**
 * Finds the YAML node closest to `path`: the value when it is a scalar, the key when the value is a collection or
 * missing (or always with `atKey`), else the nearest existing ancestor. Returns a character offset into the text.
 */
function offsetOf(doc: Document, path: readonly PathSegment[], atKey = false): number {
  let node: unknown = doc.contents;
  let best = doc.contents?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return best;
      const keyStart = (pair.key as Node).range?.[0] ?? best;
      const value = pair.value as Node | null;
      best = !atKey && value && isScalar(value) && value.range ? value.range[0] : keyStart;
      node = value;
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
      node = node.items[seg];
      best = (node as Node).range?.[0] ?? best;
    } else {
      return best;
    }
  }
  return best;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return 'required';
  return issue.message;
}

/** Expands one zod issue into errors, one per unknown key, so each points at its own line. */
function issueErrors(issue: z.core.$ZodIssue): { path: PathSegment[]; message: string; atKey?: boolean }[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...issue.path, key], message: `unknown key "${key}"`, atKey: true }));
  }
  return [{ path: [...issue.path], message: issueMessage(issue) }];
}

/**
 * Parses and validates a deployment file (YAML, or JSON when `fileName` ends in `.json`). Errors carry the line and
 * column of the offending node; success carries the config with defaults applied and the SHA-256 of its canonical
 * JSON, which is the same for two files that say the same thing.
 */
export function parseConfigText(text: string, fileName: string): ConfigParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number, path: string, message: string): ConfigError => {
    const pos = lineCounter.linePos(offset);
    return { file: fileName, line: pos.line, column: pos.col, path, message };
  };
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((e) => at(e.pos[0], '', e.message.split('\n')[0])) };
  }
  if (fileName.toLowerCase().endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const position = /position (\d+)/.exec(message);
      const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/ \(line \d+ column \d+\)$/, '');
      return { ok: false, errors: [at(position ? Number(position[1]) : 0, '', `invalid JSON: ${reason}`)] };
    }
  }
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (data === null || data === undefined) return { ok: false, errors: [at(0, '', 'the file is empty')] };
  const parsed = deploymentConfigSchema.safeParse(data);
  if (!parsed.success) {
    const errors = parsed.error.issues
      .flatMap(issueErrors)
      .map((e) => at(offsetOf(doc, e.path, e.atKey), formatConfigPath(e.path), e.message));
    errors.sort((a, b) => a.line - b.line || a.column - b.column);
    return { ok: false, errors };
  }
  const digest = createHash('sha256').update(canonicalJson(parsed.data), 'utf8').digest('hex');
  return { ok: true, config: parsed.data, digest };
}

/** Reads and parses a deployment file; a file that cannot be read is reported as a ConfigError, not thrown. */
export async function loadConfigFile(path: string): Promise<ConfigParseResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { ok: false, errors: [{ file: path, line: 1, column: 1, path: '', message: `cannot read the file (${reason})` }] };
  }
  return parseConfigText(text, path);
}

/** One line per error: `stockholm.yaml:42:7 routing[3].notify[1]: unknown agency "polis"`. */
export function formatConfigErrors(errors: readonly ConfigError[]): string {
  return errors
    .map((e) => `${e.file}:${e.line}:${e.column} ${e.path === '' ? '' : `${e.path}: `}${e.message}`)
    .join('\n');
}
