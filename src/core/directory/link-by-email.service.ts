import type { DirectoryReader } from './directory.port.ts';
import type { IdentityLinks } from './identity-links.port.ts';
import type { Clock } from '../ports/clock.port.ts';
import type { PlatformName } from '../shared/platform.types.ts';

/** A chat account the core does not know yet, with the email address its platform has for it. */
export interface UnknownAccount {
  platform: PlatformName;
  workspace: string;
  userId: string;
  /** As the platform gives it; compared trimmed and without case. */
  email: string;
}

export interface LinkByEmailDeps {
  directory: DirectoryReader;
  links: IdentityLinks;
  clock: Clock;
}

const normalEmail = (email: string | null | undefined) => email?.trim().toLowerCase() ?? '';

/**
 * Links an unknown account to the configured person with exactly that email address: only when one person has it
 * (two people sharing an address link nobody) and that person has no account of this platform in this workspace
 * yet (an address never moves an existing link). The adapter only supplies the address. Resolves with whether a
 * link was made; the directory is reloaded when it was.
 */
export async function linkByEmail(deps: LinkByEmailDeps, account: UnknownAccount): Promise<boolean> {
  const email = normalEmail(account.email);
  if (!email) return false;
  const directory = await deps.directory.current();
  if (directory.personByIdentity(account.platform, account.workspace, account.userId)) return false;
  const people = directory.allPeople().filter((p) => normalEmail(p.email) === email);
  if (people.length !== 1) return false;
  const [person] = people;
  const linkedHere = directory.data.identities.some((i) => i.personId === person.id && i.platform === account.platform && i.workspace === account.workspace);
  if (linkedHere) return false;
  const linked = await deps.links.link({ platform: account.platform, workspace: account.workspace, userId: account.userId, personId: person.id }, deps.clock.now());
  if (linked) deps.directory.invalidate();
  return linked;
}
