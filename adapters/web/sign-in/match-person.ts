import type { Directory } from '../../../src/core/directory/directory.ts';
import type { Person } from '../../../src/core/directory/directory.types.ts';
import type { IdClaims } from './oidc-client.ts';
import type { IssuerSettings } from './sign-in.types.ts';

/**
 * The configured person an ID token names, by the claim the issuer is configured with: `email` against people's
 * `email` (not when the provider says the address is unverified), `sub` or `oid` against the person's web identity
 * for this issuer (`{ platform: web, workspace: <issuer id>, user: <value> }`). Only active people are in the
 * directory, so a deactivated person is not found.
 */
export function matchPerson(directory: Directory, issuer: IssuerSettings, claims: IdClaims): { person?: Person; identity: string } {
  const value = claims[issuer.claim];
  if (typeof value !== 'string' || value === '') return { identity: `${issuer.id}:${issuer.claim}:` };
  if (issuer.claim === 'email') {
    const email = value.trim().toLowerCase();
    const identity = `${issuer.id}:email:${email}`;
    if (claims.email_verified === false) return { identity };
    return { person: directory.allPeople().find((p) => p.email?.toLowerCase() === email), identity };
  }
  const identity = `${issuer.id}:${issuer.claim}:${value}`;
  const id = directory.data.identities.find((i) => i.platform === 'web' && i.workspace === issuer.id && i.userId === value)?.personId;
  return { person: id ? directory.person(id) : undefined, identity };
}
