import { createRequire } from 'node:module';

/*
 * Microsoft's Adaptive Cards library (`adaptivecards`, the renderer Teams' web client and the Agents Playground are
 * built on) parses and validates a card without a DOM. Its ES build imports files without extensions, which Node
 * cannot load, so the bundled UMD build is used.
 *
 * The Adaptive Card 1.5 JSON schema (adaptivecards.io/schemas/1.5.0/adaptive-card.json) is not on the npm registry
 * and the tests run offline, so the schema check here is derived from the library itself: every property a card
 * carries must be one the library's class for that element declares (its serialization schema), plus what the
 * Teams `msteams` extension adds. The library already refuses unknown element and action types and enum values
 * (size, color, style...) that version 1.5 does not have.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as any;

/** Properties the 1.5 schema allows that the library's classes keep outside their serialization schema. */
const EXTRA: Record<string, string[]> = {
  AdaptiveCard: ['$schema', 'msteams', 'refresh', 'authentication', 'body', 'actions'],
  Container: ['items'],
  Column: ['items'],
  ColumnSet: ['columns'],
  ActionSet: ['actions'],
  'Action.ShowCard': ['card'],
};

/** Objects below an element that are not elements themselves, with the keys the 1.5 schema gives them. */
const PLAIN: Record<string, string[]> = {
  facts: ['title', 'value'],
  choices: ['title', 'value'],
};

/** Required by the 1.5 schema, beyond what the library checks. */
const REQUIRED: Record<string, string[]> = {
  TextBlock: ['text'],
  Image: ['url'],
  FactSet: ['facts'],
  'Action.Execute': [],
  'Action.ShowCard': ['card'],
  'Input.Text': ['id'],
  'Input.ChoiceSet': ['id', 'choices'],
};

/** Every problem Microsoft's library and the schema rules find in one card; empty when the card is valid. */
export function adaptiveCardProblems(json: unknown): string[] {
  const problems: string[] = [];
  if (!json || typeof json !== 'object') return ['not an object'];
  const card = json as Record<string, unknown>;
  if (card.type !== 'AdaptiveCard') problems.push(`type is ${String(card.type)}`);
  if (card.version !== '1.5') problems.push(`version is ${String(card.version)}, Samband sends 1.5`);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`library (parse): ${context.getEventAt(i).message}`);
  const validation = parsed.validateProperties();
  for (const event of validation.validationEvents) problems.push(`library (validate): ${event.message}`);
  walk(card, 'AdaptiveCard', parsed, '$', problems);
  return problems;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function declared(instance: any): Set<string> {
  const names = new Set<string>(['type']);
  const schema = instance.getSchema();
  for (let i = 0; i < schema.getCount(); i++) names.add(schema.getItemAt(i).name);
  return names;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function walk(node: Record<string, unknown>, type: string, instance: any, path: string, problems: string[]): void {
  const allowed = declared(instance);
  for (const extra of EXTRA[type] ?? []) allowed.add(extra);
  for (const key of Object.keys(node)) {
    if (!allowed.has(key)) problems.push(`schema: ${path} (${type}) has no property "${key}"`);
  }
  for (const key of REQUIRED[type] ?? []) {
    const value = node[key];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) problems.push(`schema: ${path} (${type}) needs "${key}"`);
  }
  if (type === 'TextBlock' && typeof node.text === 'string' && !node.text.trim()) problems.push(`schema: ${path} (TextBlock) is empty`);
  if (type === 'AdaptiveCard' && node.msteams !== undefined) {
    const msteams = node.msteams as Record<string, unknown>;
    for (const key of Object.keys(msteams)) if (!['width', 'entities'].includes(key)) problems.push(`schema: ${path}.msteams has no property "${key}"`);
    if (msteams.width !== undefined && msteams.width !== 'Full') problems.push(`schema: ${path}.msteams.width must be "Full"`);
  }
  for (const [key, keys] of Object.entries(PLAIN)) {
    if (!Array.isArray(node[key])) continue;
    (node[key] as Array<Record<string, unknown>>).forEach((item, i) => {
      for (const k of Object.keys(item)) if (!keys.includes(k)) problems.push(`schema: ${path}.${key}[${i}] has no property "${k}"`);
      for (const k of keys) if (typeof item[k] !== 'string' || !(item[k] as string).length) problems.push(`schema: ${path}.${key}[${i}] needs a string "${k}"`);
    });
  }
  for (const key of ['body', 'items', 'actions', 'columns']) {
    if (!Array.isArray(node[key])) continue;
    (node[key] as Array<Record<string, unknown>>).forEach((child, i) => {
      const childType = String(child.type ?? (key === 'columns' ? 'Column' : ''));
      const childInstance = createInstance(childType, key === 'actions');
      if (!childInstance) return; // The library has reported the unknown type.
      walk(child, childType, childInstance, `${path}.${key}[${i}]`, problems);
    });
  }
  if (node.card && typeof node.card === 'object') walk(node.card as Record<string, unknown>, 'AdaptiveCard', new AC.AdaptiveCard(), `${path}.card`, problems);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function createInstance(type: string, action: boolean): any {
  if (type === 'Column') return new AC.Column();
  const registry = action ? AC.GlobalRegistry.actions : AC.GlobalRegistry.elements;
  return registry.createInstance(type, AC.Versions.v1_5);
}

/** Throws with every problem found, so a test fails on the first invalid card it renders. */
export function assertValidAdaptiveCard(json: unknown, where = 'card'): void {
  const problems = adaptiveCardProblems(json);
  if (problems.length) throw new Error(`invalid Adaptive Card (${where}):\n  ${problems.join('\n  ')}\n${JSON.stringify(json).slice(0, 2000)}`);
}
