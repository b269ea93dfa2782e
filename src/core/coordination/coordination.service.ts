import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { SambandCore } from '../kernel/samband-core.port.ts';
import type { Command } from '../commands/command.types.ts';
import type { InboundEvent } from '../kernel/inbound-event.ts';
import { parseCommand } from '../commands/parse-command.ts';
import { parseActionSubmission, parseFormSubmission } from '../commands/parse-submission.ts';
import { escalateDue } from '../escalation/escalate-due.service.ts';
import { incidentForm } from '../messages/help-and-form.ts';
import { errorText } from '../messages/i18n.ts';
import { plainMessage } from '../messages/incident-message.ts';
import { RequestAlreadyApplied, replayedOutcome } from './request-once.ts';
import { runCommand } from './run-command.ts';
import { linkByEmail, type UnknownAccount } from '../directory/link-by-email.service.ts';
import { isCoreError, CoreError } from '../shared/core-error.ts';
import { toLocale, type Locale } from '../shared/platform.types.ts';
import type { IncidentFormSpec } from '../messages/outbound.types.ts';

/**
 * The coordination core's front door. Every adapter (Slack, Teams, web, memory, CLI) hands it an InboundEvent and
 * shows the outcome; no rule lives anywhere else.
 */
export class CoordinationService implements SambandCore {
  constructor(readonly deps: CoordinationDeps) {}

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
      return await runCommand(this.deps, actor, this.parse(event, actor));
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

  linkByEmail(account: UnknownAccount): Promise<boolean> {
    const { directory, identityLinks, clock } = this.deps;
    return identityLinks ? linkByEmail({ directory, links: identityLinks, clock }, account) : Promise.resolve(false);
  }

  /** Runs one escalation pass; the scheduler calls it periodically. Returns the steps taken. */
  escalateDue(): Promise<number> {
    return escalateDue(this.deps);
  }

  /** The one way in: typed text through the command table, buttons and forms through their zod schemas. */
  private parse(event: InboundEvent, actor: Actor): Command {
    const context = { directory: actor.directory, locale: actor.locale, now: this.deps.clock.now(), selfId: actor.person.id };
    switch (event.input.type) {
      case 'text':
        return parseCommand(event.input.text, context);
      case 'action':
        return parseActionSubmission(event.input.value, event.input.reason, context);
      case 'form':
        return parseFormSubmission(event.input.values, actor.directory);
    }
  }
}

function errorOutcome(error: CoreError, locale: Locale): CommandOutcome {
  return { replies: [plainMessage(locale, 'error', errorText(error.code, locale, error.params))], changed: false };
}
