import type { CommandExtension } from '../commands/command-extension.ts';
import type { ShiftStore } from './shift.port.ts';
import { st } from './shift.i18n.ts';
import { subcommand, withExtensionErrors } from './texts.ts';
import { listRosters, showPlan, whoIsOnDuty } from './shift-who.service.ts';
import { endDuty, startDuty } from './shift-duty.service.ts';
import { editRoster } from './roster-admin.service.ts';

type ShiftVerb = 'who' | 'on' | 'off' | 'plan' | 'rosters' | 'swap' | 'add' | 'remove' | 'assign' | 'unassign';

const VERBS: Record<string, ShiftVerb> = {
  who: 'who', vem: 'who', now: 'who', nu: 'who',
  on: 'on', pa: 'on', in: 'on', start: 'on', borja: 'on',
  off: 'off', av: 'off', ut: 'off', slut: 'off', sluta: 'off',
  plan: 'plan', schema: 'plan', day: 'plan', dag: 'plan',
  rosters: 'rosters', scheman: 'rosters', list: 'rosters', lista: 'rosters',
  swap: 'swap', byt: 'swap', byte: 'swap',
  add: 'add', 'lagg-till': 'add', laggtill: 'add', lagg: 'add',
  remove: 'remove', 'ta-bort': 'remove', tabort: 'remove', stryk: 'remove',
  assign: 'assign', tilldela: 'assign',
  unassign: 'unassign', avtilldela: 'unassign',
};

/**
 * `/shift` (`/skift`): who is on duty, starting and ending duty outside the plan, the day's roster, and admins'
 * roster changes. Everything goes through the one parser; every change is audited with it.
 */
export function shiftExtension(store: ShiftStore): CommandExtension {
  return {
    words: { shift: 'ext.shift', shifts: 'ext.shift', skift: 'ext.shift', jour: 'ext.shift' },
    helpLines: (locale) => st('help.lines', locale).split('\n'),
    handle: (deps, actor, command) => withExtensionErrors(actor.locale, async () => {
      const verb = subcommand(VERBS, command.args[0]);
      const rest = verb ? command.args.slice(1) : command.args;
      const now = deps.clock.now();
      switch (verb ?? 'who') {
        case 'who':
          return whoIsOnDuty(actor, await store.fresh(), rest, now);
        case 'plan':
          return showPlan(actor, await store.fresh(), rest, now);
        case 'rosters':
          return listRosters(actor, await store.fresh());
        case 'on':
          return startDuty(deps, store, actor, rest);
        case 'off':
          return endDuty(deps, store, actor, rest);
        default:
          return editRoster(deps, store, actor, verb as 'swap', rest);
      }
    }),
  };
}
