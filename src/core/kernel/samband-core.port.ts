import type { InboundEvent } from '../kernel/inbound-event.ts';
import type { IncidentFormSpec } from '../messages/outbound.types.ts';
import type { Locale } from '../shared/platform.types.ts';
import type { UnknownAccount } from '../directory/link-by-email.service.ts';
import type { CommandOutcome } from './command-outcome.ts';

/**
 * The core's one entry point, as every adapter (Slack, Teams, web, memory, CLI) sees it. Implemented by
 * CoordinationService; adapters depend on this interface, never on the class.
 */
export interface SambandCore {
  /**
   * Identifies the sender, parses what they sent into one Command and runs it. Bad input and refusals come back as a
   * short message in the sender's language and change nothing.
   */
  handle(event: InboundEvent): Promise<CommandOutcome>;
  /** The incident form in a language, for adapters that open it without a command (Slack shortcut, Teams card). */
  form(locale: Locale): Promise<IncidentFormSpec>;
  /**
   * Links an account the directory does not know to the one configured person with its email address (see
   * link-by-email.service.ts). The adapter only supplies the address; resolves with whether a link was made.
   */
  linkByEmail(account: UnknownAccount): Promise<boolean>;
}
