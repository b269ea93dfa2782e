import { describe, expect, it } from 'vitest';
import { Directory } from '../../src/core/directory/directory.ts';
import type { DirectoryData, PersonIdentity } from '../../src/core/directory/directory.types.ts';
import type { DirectoryReader } from '../../src/core/directory/directory.port.ts';
import type { IdentityLinks } from '../../src/core/directory/identity-links.port.ts';
import { linkByEmail } from '../../src/core/directory/link-by-email.service.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';

// The rule for linking a chat account by email, on a directory and a link store of its own (no database).

const person = (id: string, email: string | null) => ({ id, name: id, role: 'field_staff' as const, agencyId: 'polisen', areaIds: [], locale: 'sv' as const, onDuty: false, email });

function setup(identities: PersonIdentity[] = []) {
  const data: DirectoryData = {
    settings: { timeZone: 'Europe/Stockholm', defaultLocale: 'sv', defaultSeverity: 2, defaultCategory: 'other', maxDescriptionLength: 200 },
    areas: [], agencies: [], categories: [], severities: [], rules: [], addresses: [], identities,
    people: [person('erik.nord', 'Erik.Nord@polisen.se'), person('delad.1', 'vakt@kommun.se'), person('delad.2', 'vakt@kommun.se'), person('utan', null)],
  };
  const linked: PersonIdentity[] = [];
  let reloads = 0;
  const directory: DirectoryReader = {
    current: async () => new Directory({ ...data, identities: [...identities, ...linked] }),
    invalidate: () => { reloads += 1; },
  } as DirectoryReader;
  const links: IdentityLinks = {
    async link(identity) {
      if (linked.some((l) => l.platform === identity.platform && l.workspace === identity.workspace && l.userId === identity.userId)) return false;
      linked.push(identity);
      return true;
    },
  };
  const deps = { directory, links, clock: new ManualClock(new Date('2026-03-10T12:00:00Z')) };
  return { deps, linked, reloads: () => reloads };
}

const account = (email: string, userId = 'U0NEW', workspace = 'T0SAMBAND') => ({ platform: 'slack' as const, workspace, userId, email });

describe('linking a chat account to a person by email (a core rule; the adapter only supplies the address)', () => {
  it('links the one person with that address, whatever its case and spaces, and reloads the directory', async () => {
    const { deps, linked, reloads } = setup();
    expect(await linkByEmail(deps, account('  erik.nord@POLISEN.se '))).toBe(true);
    expect(linked).toEqual([{ platform: 'slack', workspace: 'T0SAMBAND', userId: 'U0NEW', personId: 'erik.nord' }]);
    expect(reloads()).toBe(1);
    // The account is known now: a second request links nothing.
    expect(await linkByEmail(deps, account('erik.nord@polisen.se'))).toBe(false);
    expect(linked).toHaveLength(1);
  });

  it('links nobody when two people share the address, nobody has it, or no address was given', async () => {
    const { deps, linked, reloads } = setup();
    expect(await linkByEmail(deps, account('vakt@kommun.se'))).toBe(false);
    expect(await linkByEmail(deps, account('okand@example.se'))).toBe(false);
    expect(await linkByEmail(deps, account('   '))).toBe(false);
    expect(linked).toEqual([]);
    expect(reloads()).toBe(0);
  });

  it('never moves an existing link: a person with an account in that workspace gets no second one by email', async () => {
    const { deps, linked } = setup([{ platform: 'slack', workspace: 'T0SAMBAND', userId: 'U0ERIK', personId: 'erik.nord' }]);
    expect(await linkByEmail(deps, account('erik.nord@polisen.se', 'U0OTHER'))).toBe(false);
    // Another workspace is another account.
    expect(await linkByEmail(deps, account('erik.nord@polisen.se', 'U0OTHER', 'T0OTHER'))).toBe(true);
    expect(linked.map((l) => l.workspace)).toEqual(['T0OTHER']);
  });
});
