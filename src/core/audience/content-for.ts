import type { Directory } from '../directory/directory.ts';
import type { ChatAddress } from '../shared/platform.types.ts';
import type { CopyContent } from './audience.types.ts';

/**
 * What a copy of an incident message sent to `address` may show, given whether its reader (a person, or the agency
 * that owns the room) is allowed the confidential details. Need to know, decided here once for every notification:
 * - a shared room gets the minimum (reference, area, category, severity, buttons);
 * - a personal chat gets what its person may see;
 * - an agency room gets confidential details only when configured `cleared`, and no description at all when its
 *   agency chose `notify: by-reference`.
 */
export function contentFor(directory: Directory, address: ChatAddress, mayHaveSensitive: boolean): CopyContent {
  const room = directory.roomOf(address);
  if (room.audience === 'shared') return { detail: 'minimal', showSensitive: false };
  if (room.audience === 'personal') return { detail: 'full', showSensitive: mayHaveSensitive };
  if (room.byReference) return { detail: 'reference', showSensitive: false };
  return { detail: 'full', showSensitive: mayHaveSensitive && room.cleared };
}
