import type { MessageFact } from '../../src/core/messages/outbound.types.ts';

type CardElement = Record<string, unknown>;

/*
 * Teams reads a TextBlock's text as markdown with some HTML: `<area>` is taken for a tag and dropped, a single line
 * break joins two lines into one paragraph, and `*`, `_`, `[`, a leading `-` or `1.` turn into formatting. The core's
 * texts are plain, so each line becomes its own block and every character Teams would interpret is escaped.
 */

/** One line of plain text as Teams must get it to show it as typed. */
export function escapeCardText(line: string): string {
  const escaped = line
    // An entity-like `&lt;` would be decoded; `<` and `>` would be read as a tag. Entities show them as typed.
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_~[\]|])/g, '\\$1');
  // Block markdown only counts at the start of a line: headings, quotes, list markers, rules.
  return escaped
    .replace(/^(\s*)([#+-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(\s)/, '$1\\$2$3');
}

/**
 * Plain text as TextBlocks: one per line, paragraphs (blank lines) spaced apart, lines of one paragraph close
 * together. `first` styles the first block (e.g. a heading), `rest` the others.
 */
export function textBlocks(text: string, first: CardElement = {}, rest: CardElement = {}): CardElement[] {
  const blocks: CardElement[] = [];
  let gap = false;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) {
      gap = blocks.length > 0;
      continue;
    }
    const spacing = blocks.length === 0 ? {} : { spacing: gap ? 'Medium' : 'None' };
    blocks.push({ type: 'TextBlock', text: escapeCardText(line), wrap: true, ...spacing, ...(blocks.length === 0 ? first : rest) });
    gap = false;
  }
  return blocks;
}

/**
 * Facts as a card shows them: runs of one-line facts as a FactSet; a fact of several lines (a list of agencies, of
 * people on duty) as its label and then one block per line, so its items do not run together.
 */
export function factElements(facts: MessageFact[]): CardElement[] {
  const out: CardElement[] = [];
  let run: Array<{ title: string; value: string }> = [];
  const flush = () => {
    if (run.length) out.push({ type: 'FactSet', facts: run });
    run = [];
  };
  for (const fact of facts) {
    const lines = fact.value.split(/\r?\n/).filter((l) => l.trim());
    if (lines.length <= 1) {
      run.push({ title: escapeCardText(fact.label), value: escapeCardText(lines[0] ?? '–') });
      continue;
    }
    flush();
    out.push({
      type: 'Container',
      items: [
        { type: 'TextBlock', text: escapeCardText(fact.label), wrap: true, weight: 'Bolder' },
        ...lines.map((line) => ({ type: 'TextBlock', text: escapeCardText(line), wrap: true, spacing: 'None' })),
      ],
    });
  }
  flush();
  return out;
}
