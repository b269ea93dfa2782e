import type { Actor, CoordinationDeps } from './coordination.deps.ts';
import type { CommandOutcome } from './command-outcome.ts';
import type { Command, ExtensionCommand } from '../commands/command.types.ts';
import type { InboundEvent } from '../commands/inbound.types.ts';
import type { CommandExtension } from '../commands/command-extension.ts';
import { parseCommand, type ExtensionWords } from '../commands/parse-command.ts';
import { parseActionSubmission, parseFormSubmission } from '../commands/parse-submission.ts';
import { registerIncident } from '../incident/register-incident.service.ts';
import { answerIncident } from '../incident/answer-incident.service.ts';
import { addNote, setIncidentOpen } from '../incident/incident-lifecycle.service.ts';
import { setLegalHold } from '../retention/legal-hold.service.ts';
import { incidentStatus, listIncidents } from '../incident/incident-queries.service.ts';
import { escalateDue } from '../escalation/escalate-due.service.ts';
import { helpMessage, incidentForm } from '../messages/help-and-form.ts';
import { errorText } from '../messages/i18n.ts';
import { plainMessage } from '../messages/incident-message.ts';
import { RequestAlreadyApplied, replayedOutcome } from './request-once.ts';
import { isCoreError, CoreError } from '../shared/core-error.ts';
import { toLocale, type Locale } from '../shared/platform.types.ts';
import type { Directory } from '../directory/directory.ts';
import type { IncidentFormSpec } from '../messages/outbound.types.ts';

/**
 * The coordination core's front door. Every adapter (Slack, Teams, web, memory, CLI) hands it an InboundEvent and
 * shows the outcome; no rule lives anywhere else.
 */
export class CoordinationService {
  private readonly extensionWords: ExtensionWords;

  constructor(readonly deps: CoordinationDeps, private readonly extensions: CommandExtension[] = []) {
    this.extensionWords = new Map(extensions.flatMap((e) => Object.entries(e.words)));
  }

  /**
   * Identifies the sender, parses what they sent and runs it. Bad input and refusals come back as a short message in
   * the sender's language and change nothing (a refusal writes only its audit record). A state-changing request whose
   * key was already carried out (a retried delivery, the inbox running it again after a crash) changes nothing and
   * says it was done before.
   */
  async handle(event: InboundEvent): Promise<CommandOutcome> {
    const directory = await this.deps.directory.current();
    const person = directory.personByIdentity(event.platform, event.workspace, event.userId);
    const fallback = toLocale(event.locale, directory.settings.defaultLocale);
    if (!person) return errorOutcome(new CoreError('unknown_person'), fallback);
    const actor: Actor = {
      person,
      directory,
      locale: event.locale ? toLocale(event.locale, person.locale) : person.locale,
      platform: event.platform,
      requestId: event.requestId,
      requestKey: event.requestKey,
    };
    try {
      return await this.run(actor, this.parse(event, directory, actor.locale));
    } catch (error) {
      if (isCoreError(error)) return errorOutcome(error, actor.locale);
      if (error instanceof RequestAlreadyApplied) return replayedOutcome(error, actor.locale);
      throw error;
    }
  }

  /** The incident form in a language, for adapters that open it without a command (Slack shortcut). */
  async form(locale: Locale): Promise<IncidentFormSpec> {
    return incidentForm(await this.deps.directory.current(), locale);
  }

  /** Runs one escalation pass; the scheduler calls it periodically. Returns the steps taken. */
  escalateDue(): Promise<number> {
    return escalateDue(this.deps);
  }

  private parse(event: InboundEvent, directory: Directory, locale: Locale): Command {
    switch (event.input.type) {
      case 'text':
        return parseCommand(event.input.text, { directory, locale, extensions: this.extensionWords });
      case 'action':
        return parseActionSubmission(event.input.value, event.input.reason);
      case 'form':
        return parseFormSubmission(event.input.values, directory);
    }
  }

  private run(actor: Actor, command: Command): Promise<CommandOutcome> {
    const deps = this.deps;
    switch (command.kind) {
      case 'incident.register':
        return registerIncident(deps, actor, command);
      case 'incident.form':
        return Promise.resolve({ replies: [], form: incidentForm(actor.directory, actor.locale), changed: false });
      case 'incident.ack':
        return answerIncident(deps, actor, command.incident, { kind: 'ack' }, command.agencyId);
      case 'incident.responding':
        return answerIncident(deps, actor, command.incident, { kind: 'responding' }, command.agencyId);
      case 'incident.decline':
        return answerIncident(deps, actor, command.incident, { kind: 'decline', reason: command.reason }, command.agencyId);
      case 'incident.note':
        return addNote(deps, actor, command.incident, command.text);
      case 'incident.close':
        return setIncidentOpen(deps, actor, command.incident, false, command.text);
      case 'incident.reopen':
        return setIncidentOpen(deps, actor, command.incident, true, command.text);
      case 'incident.status':
        return incidentStatus(deps, actor, command.incident);
      case 'incident.hold':
        return setLegalHold(deps, actor, command.incident, true);
      case 'incident.release':
        return setLegalHold(deps, actor, command.incident, false);
      case 'incident.list':
        return listIncidents(deps, actor, command.areaId);
      case 'help': {
        const lines = this.extensions.flatMap((e) => e.helpLines(actor.locale));
        return Promise.resolve({ replies: [helpMessage(actor.directory, actor.locale, lines)], changed: false });
      }
      default:
        return this.runExtension(actor, command);
    }
  }

  private runExtension(actor: Actor, command: ExtensionCommand): Promise<CommandOutcome> {
    const extension = this.extensions.find((e) => Object.values(e.words).includes(command.kind));
    if (!extension) throw new CoreError('unknown_command', { word: command.kind });
    return extension.handle(this.deps, actor, command);
  }
}

function errorOutcome(error: CoreError, locale: Locale): CommandOutcome {
  return { replies: [plainMessage(locale, 'error', errorText(error.code, locale, error.params))], changed: false };
}
