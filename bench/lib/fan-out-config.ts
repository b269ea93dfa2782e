import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { BUNDLED_CONFIG_PATH } from '../../src/infra/config/load-config-file.ts';

/** The agencies `/incident Rinkeby 2 stenkastning mot buss` reaches with the bundled routing. */
const ROUTED = ['polisen', 'socialtjansten', 'sig-12-18', 'brandforsvaret', 'region-stockholm', 'kriminalvarden'];

/**
 * The bundled Stockholm file with two more on-duty contacts for each of the six agencies that incident reaches, so
 * that one registration fans out to 30 addresses: 6 agency channels, 22 contacts' direct messages, 2 area channels.
 * Written to `dir`; returns the path.
 */
export function writeFanOutConfig(dir: string): string {
  const config = parse(readFileSync(BUNDLED_CONFIG_PATH, 'utf8')) as { people: unknown[] };
  for (const agency of ROUTED) {
    for (const n of [1, 2]) {
      const id = `bench.${agency}.${n}`;
      config.people.push({
        id, name: `Bench ${agency} ${n}`, role: 'agency_contact', agency,
        identities: [{ platform: 'web', user: id }], addresses: [{ platform: 'web', channel: `dm:${id}` }],
      });
    }
  }
  const path = join(dir, 'fan-out.yaml');
  writeFileSync(path, stringify(config));
  return path;
}
