import type { Directory } from '../directory/directory.ts';

export interface RoutedAgency {
  agencyId: string;
  canSeeSensitive: boolean;
  /** The basis of the first rule that let the agency see confidential details; null when none did. */
  sensitiveBasis: string | null;
}

/**
 * The agencies that must know of an incident in `areaId` of `categoryId` at `severity`: the union of every matching
 * rule, in rule order. A rule matches an area when it names the area or one of its ancestors (or names none).
 */
export function routeIncident(directory: Directory, areaId: string, categoryId: string, severity: number): RoutedAgency[] {
  const lineage = new Set(directory.areaLineage(areaId).map((a) => a.id));
  const routed = new Map<string, RoutedAgency>();
  for (const rule of directory.rules) {
    if (rule.areaIds.length && !rule.areaIds.some((id) => lineage.has(id))) continue;
    if (rule.categoryIds.length && !rule.categoryIds.includes(categoryId)) continue;
    if (rule.severities.length && !rule.severities.includes(severity)) continue;
    for (const agencyId of rule.agencyIds) {
      if (!directory.agency(agencyId)) continue;
      const sensitive = rule.sensitiveAgencyIds.includes(agencyId);
      const seen = routed.get(agencyId);
      routed.set(agencyId, {
        agencyId,
        canSeeSensitive: (seen?.canSeeSensitive ?? false) || sensitive,
        sensitiveBasis: seen?.sensitiveBasis ?? (sensitive ? rule.basis : null),
      });
    }
  }
  return [...routed.values()];
}
