import type { PersonIdentity } from './directory.types.ts';

/** Records chat accounts the core linked to configured people itself (by email), so they are known from then on. */
export interface IdentityLinks {
  /**
   * Links the account to the person, with an `identity.linked` audit event in the same transaction. Returns false,
   * writing nothing, when the account was linked already.
   */
  link(identity: PersonIdentity, at: Date): Promise<boolean>;
}
