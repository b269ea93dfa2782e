import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SambandEnv } from '../infra/config/env.ts';
import { TeamsConfigError, type TeamsAuthSettings } from '../../adapters/teams/index.ts';

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

const registrationSchema = z.strictObject({
  tenantId: guid,
  appId: guid,
  password: z.string().min(1).optional(),
  /** A PEM file with the app registration's certificate and its private key. */
  certificatePath: z.string().min(1).optional(),
}).refine((r) => Boolean(r.password) !== Boolean(r.certificatePath), 'give either password or certificatePath');

/**
 * TEAMS_BOTS: one single-tenant bot registration per agency's tenant (new multi-tenant Azure bots can no longer be
 * created). Null when unset. A malformed list, a tenant listed twice, an unreadable certificate, or TEAMS_BOTS
 * together with MICROSOFT_APP_ID stops the start with a message naming the problem (never a secret).
 */
export function teamsRegistrations(env: SambandEnv): TeamsAuthSettings[] | null {
  if (!env.TEAMS_BOTS) return null;
  if (env.MICROSOFT_APP_ID) throw new TeamsConfigError('TEAMS_BOTS replaces MICROSOFT_APP_ID: set one of them, not both');
  let raw: unknown;
  try {
    raw = JSON.parse(env.TEAMS_BOTS);
  } catch {
    throw new TeamsConfigError('TEAMS_BOTS: not JSON (a list of {"tenantId","appId","password" or "certificatePath"})');
  }
  const parsed = z.array(registrationSchema).min(1).safeParse(raw);
  if (!parsed.success) {
    throw new TeamsConfigError(`TEAMS_BOTS: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'list'}: ${i.message}`).join('; ')}`);
  }
  const tenants = new Set<string>();
  return parsed.data.map((entry, index) => {
    const tenant = entry.tenantId.toLowerCase();
    if (tenants.has(tenant)) throw new TeamsConfigError(`TEAMS_BOTS.${index}.tenantId: tenant ${tenant} has two registrations`);
    tenants.add(tenant);
    let certificatePem: string | undefined;
    if (entry.certificatePath) {
      try {
        certificatePem = readFileSync(entry.certificatePath, 'utf8');
      } catch (error) {
        throw new TeamsConfigError(`TEAMS_BOTS.${index}.certificatePath: cannot read ${entry.certificatePath} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    return { appId: entry.appId, appPassword: entry.password, certificatePem, appType: 'SingleTenant' as const, appTenantId: tenant };
  });
}
