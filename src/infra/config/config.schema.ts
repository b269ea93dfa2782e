import { z } from 'zod';
// The core's name rule, so the check folds names exactly as the directory does at run time.
import { normalizeName } from '../../core/directory/directory.ts';
import { checkRosterReferences, digestSubscriptionSchema, rosterSchema } from '../shift/roster-config.schema.ts';

/**
 * The deployment file: areas, agencies, categories, severities, routing rules and people. Objects are strict, so a
 * misspelt key is an error rather than a silently ignored setting. Cross-references are checked in `checkReferences`;
 * every issue carries the path of the offending node so the loader can point at its line.
 */

const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lowercase id (a-z, 0-9, ".", "_", "-")');
const text = z.string().trim().min(1, 'must not be empty');
const localeSchema = z.enum(['sv', 'en']);
const platformSchema = z.enum(['slack', 'teams', 'web', 'memory']);
const localizedName = z.strictObject({ sv: text, en: text });

const addressSchema = z.strictObject({
  platform: platformSchema,
  workspace: z.string().default(''),
  channel: text,
  user: text.optional(),
  /**
   * Who is in the room (optional, no default: files without it keep their digest). A person's address is `personal`,
   * any other `agency`, unless it says `shared` (people of other organisations are in it). Slack Connect channels and
   * Teams shared channels are found shared at run time as well.
   */
  audience: z.enum(['personal', 'agency', 'shared']).optional(),
  /** An agency room whose members may all see confidential details. Only agency addresses can be cleared. */
  cleared: z.boolean().optional(),
});

const identitySchema = z.strictObject({
  platform: platformSchema,
  workspace: z.string().default(''),
  user: text,
});

const areaSchema = z.strictObject({
  id: slug,
  level: z.enum(['city', 'district', 'area']),
  parent: slug.optional(),
  name: localizedName,
  aliases: z.array(text).default([]),
  addresses: z.array(addressSchema).default([]),
});

const agencySchema = z.strictObject({
  id: slug,
  name: localizedName,
  sensitivity: z.int().min(0).max(3).default(0),
  addresses: z.array(addressSchema).min(1, 'an agency needs at least one address'),
  backup: z.array(addressSchema).default([]),
  /** `by-reference`: the agency's rooms get no description, details only on request (optional; default `full`). */
  notify: z.enum(['full', 'by-reference']).optional(),
});

const categorySchema = z.strictObject({
  id: slug,
  name: localizedName,
  keywords: z.array(text).default([]),
});

const severitySchema = z.strictObject({
  level: z.int().min(1).max(9),
  name: localizedName,
  ackDeadlineMinutes: z.int().min(1).max(7 * 24 * 60),
});

const routingRuleSchema = z.strictObject({
  id: slug,
  areas: z.array(slug).optional(),
  categories: z.array(slug).optional(),
  severities: z.array(z.int()).optional(),
  notify: z.array(slug).min(1, 'a rule must notify at least one agency'),
  sensitive: z.array(slug).default([]),
  /**
   * The ground on which the `sensitive` agencies may see confidential details (a secrecy-breaking provision, consent,
   * a duty to report). Required when `sensitive` names anyone; stored with each disclosure in the read log.
   */
  basis: z.string().trim().min(3).max(300).optional(),
});

const retentionDays = z.int().min(1, 'a retention period is at least 1 day').max(36_500);

/**
 * How long incidents are kept after they are closed, in days, before their free text and personal data are erased
 * (the skeleton stays for statistics). A category's period replaces `afterClosedDays`; an agency's period applies to
 * every incident it took part in (notified or reporting), and the longest period that applies wins. An incident no
 * period applies to is kept: no retention configured means nothing is ever erased.
 */
const retentionSchema = z.strictObject({
  afterClosedDays: retentionDays.optional(),
  categories: z.record(z.string(), retentionDays).optional(),
  agencies: z.record(z.string(), retentionDays).optional(),
});

const ROLES_NEEDING_AGENCY = ['field_staff', 'agency_contact', 'supervisor'] as const;

const personSchema = z.strictObject({
  id: slug,
  name: text,
  role: z.enum(['field_staff', 'agency_contact', 'supervisor', 'admin']),
  agency: slug.optional(),
  areas: z.array(slug).default([]),
  locale: localeSchema.optional(),
  onDuty: z.boolean().default(true),
  email: z.email().optional(),
  identities: z.array(identitySchema).default([]),
  addresses: z.array(addressSchema).default([]),
});

const baseSchema = z.strictObject({
  version: z.literal(1),
  timeZone: z.string().default('Europe/Stockholm'),
  defaultLocale: localeSchema.default('sv'),
  defaultSeverity: z.int(),
  defaultCategory: slug,
  maxDescriptionLength: z.int().min(1).max(100_000).default(1000),
  areas: z.array(areaSchema).min(1),
  agencies: z.array(agencySchema).min(1),
  categories: z.array(categorySchema).min(1),
  severities: z.array(severitySchema).min(1),
  routing: z.array(routingRuleSchema).default([]),
  people: z.array(personSchema).default([]),
  /** Shift rosters (optional; see src/infra/shift/roster-config.schema.ts). No default, so files without them keep their digest. */
  rosters: z.array(rosterSchema).optional(),
  /** Supervisors' daily digest subscriptions (optional). */
  digests: z.array(digestSubscriptionSchema).optional(),
  /** Retention periods (optional, no default: files without them keep their digest, and nothing is erased). */
  retention: retentionSchema.optional(),
});

type Base = z.infer<typeof baseSchema>;
type AddressConfig = z.infer<typeof addressSchema>;
type Report = (path: (string | number)[], message: string) => void;


function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Reports each id seen before under `key` of the list at `path`; returns the set of ids. */
function uniqueIds<T>(items: T[], id: (item: T) => string | number, path: string, key: string, report: Report) {
  const seen = new Set<string | number>();
  items.forEach((item, i) => {
    const value = id(item);
    if (seen.has(value)) report([path, i, key], `duplicate ${key} "${value}"`);
    seen.add(value);
  });
  return seen;
}

const an = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
const PARENT_LEVEL = { city: undefined, district: 'city', area: 'district' } as const;

function checkAreas(cfg: Base, report: Report): void {
  const byId = new Map(cfg.areas.map((a) => [a.id, a]));
  const owner = new Map<string, string>();
  cfg.areas.forEach((area, i) => {
    const wanted = PARENT_LEVEL[area.level];
    if (wanted === undefined && area.parent !== undefined) report(['areas', i, 'parent'], 'a city has no parent');
    if (wanted !== undefined) {
      const parent = area.parent === undefined ? undefined : byId.get(area.parent);
      if (area.parent === undefined) report(['areas', i], `${an(area.level)} needs a parent ${wanted}`);
      else if (!parent) report(['areas', i, 'parent'], `unknown area "${area.parent}"`);
      else if (parent.level !== wanted) {
        report(['areas', i, 'parent'], `the parent of ${an(area.level)} must be ${an(wanted)}; "${parent.id}" is ${an(parent.level)}`);
      }
    }
    // Every name the directory finds the area by (Directory: id, both names, aliases), folded the same way.
    const names: [string, (string | number)[]][] = [
      [area.id, ['areas', i, 'id']],
      [area.name.sv, ['areas', i, 'name', 'sv']],
      [area.name.en, ['areas', i, 'name', 'en']],
      ...area.aliases.map((alias, j): [string, (string | number)[]] => [alias, ['areas', i, 'aliases', j]]),
    ];
    for (const [name, path] of names) {
      const key = normalizeName(name);
      const other = owner.get(key);
      if (other !== undefined && other !== area.id) report(path, `name "${name}" is already used by area "${other}"`);
      else owner.set(key, area.id);
    }
  });
}

/** `cleared` belongs to agency rooms only: a person's chat follows the person's rights, a shared room is never cleared. */
function checkAudiences(cfg: Base, report: Report): void {
  const check = (list: AddressConfig[], path: (string | number)[], owner: 'agency' | 'area' | 'person') => list.forEach((address, j) => {
    if (!address.cleared) return;
    if (owner !== 'agency') report([...path, j, 'cleared'], `only an agency's room can be cleared, not ${an(owner)}'s address`);
    else if (address.audience && address.audience !== 'agency') report([...path, j, 'cleared'], `a ${address.audience} room cannot be cleared`);
  });
  cfg.areas.forEach((area, i) => check(area.addresses, ['areas', i, 'addresses'], 'area'));
  cfg.agencies.forEach((agency, i) => {
    check(agency.addresses, ['agencies', i, 'addresses'], 'agency');
    check(agency.backup, ['agencies', i, 'backup'], 'agency');
  });
  cfg.people.forEach((person, i) => check(person.addresses, ['people', i, 'addresses'], 'person'));
}

function checkReferences(cfg: Base, ctx: z.RefinementCtx): void {
  const report: Report = (path, message) => ctx.addIssue({ code: 'custom', path, message });
  const areas = uniqueIds(cfg.areas, (a) => a.id, 'areas', 'id', report);
  const agencies = uniqueIds(cfg.agencies, (a) => a.id, 'agencies', 'id', report);
  const categories = uniqueIds(cfg.categories, (c) => c.id, 'categories', 'id', report);
  const levels = uniqueIds(cfg.severities, (s) => s.level, 'severities', 'level', report);
  uniqueIds(cfg.routing, (r) => r.id, 'routing', 'id', report);
  uniqueIds(cfg.people, (p) => p.id, 'people', 'id', report);
  checkAreas(cfg, report);
  checkAudiences(cfg, report);

  const refs = (ids: readonly (string | number)[] | undefined, known: Set<string | number>, what: string, path: (string | number)[]) =>
    ids?.forEach((id, j) => known.has(id) || report([...path, j], `unknown ${what} "${id}"`));

  if (!isTimeZone(cfg.timeZone)) report(['timeZone'], `unknown time zone "${cfg.timeZone}"`);
  if (!levels.has(cfg.defaultSeverity)) report(['defaultSeverity'], `unknown severity ${cfg.defaultSeverity}`);
  if (!categories.has(cfg.defaultCategory)) report(['defaultCategory'], `unknown category "${cfg.defaultCategory}"`);

  cfg.routing.forEach((rule, i) => {
    refs(rule.areas, areas, 'area', ['routing', i, 'areas']);
    refs(rule.categories, categories, 'category', ['routing', i, 'categories']);
    refs(rule.severities, levels, 'severity', ['routing', i, 'severities']);
    refs(rule.notify, agencies, 'agency', ['routing', i, 'notify']);
    rule.sensitive.forEach((id, j) => {
      if (!rule.notify.includes(id)) report(['routing', i, 'sensitive', j], `"${id}" is not in this rule's notify list`);
    });
    if (rule.sensitive.length > 0 && !rule.basis) {
      report(['routing', i, 'sensitive'], 'a rule that lets agencies see confidential details needs a `basis`: the ground for sharing '
        + '(a secrecy-breaking provision, consent, a duty to report)');
    }
  });

  for (const id of Object.keys(cfg.retention?.categories ?? {})) {
    if (!categories.has(id)) report(['retention', 'categories', id], `unknown category "${id}"`);
  }
  for (const id of Object.keys(cfg.retention?.agencies ?? {})) {
    if (!agencies.has(id)) report(['retention', 'agencies', id], `unknown agency "${id}"`);
  }

  checkRosterReferences(cfg.rosters, cfg.digests, {
    areas, agencies, people: new Map(cfg.people.map((p) => [p.id, { agency: p.agency, role: p.role }])),
  }, report);

  const identities = new Map<string, string>();
  cfg.people.forEach((person, i) => {
    const needsAgency = (ROLES_NEEDING_AGENCY as readonly string[]).includes(person.role);
    if (person.agency === undefined && needsAgency) report(['people', i], `${an(person.role)} needs an agency`);
    if (person.agency !== undefined && !agencies.has(person.agency)) report(['people', i, 'agency'], `unknown agency "${person.agency}"`);
    refs(person.areas, areas, 'area', ['people', i, 'areas']);
    person.identities.forEach((identity, j) => {
      const key = `${identity.platform}\u0000${identity.workspace}\u0000${identity.user}`;
      const other = identities.get(key);
      if (other !== undefined) report(['people', i, 'identities', j], `identity ${identity.platform} "${identity.user}" already belongs to "${other}"`);
      else identities.set(key, person.id);
    });
  });
}

/** The deployment file's schema: shape, defaults and cross-references. */
export const deploymentConfigSchema = baseSchema.superRefine(checkReferences);

/** A validated deployment file, with defaults applied. */
export type DeploymentConfig = z.infer<typeof deploymentConfigSchema>;
export type AreaConfig = DeploymentConfig['areas'][number];
export type AgencyConfig = DeploymentConfig['agencies'][number];
export type { AddressConfig };
export type PersonConfig = DeploymentConfig['people'][number];
export type RoutingRuleConfig = DeploymentConfig['routing'][number];
