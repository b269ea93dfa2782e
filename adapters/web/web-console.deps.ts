import type { SambandCore } from '../../src/core/kernel/samband-core.port.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';
import type { DirectoryReader } from '../../src/core/directory/directory.port.ts';
import type { Clock } from '../../src/core/ports/clock.port.ts';
import type { SupervisorView } from '../../src/core/supervision/supervision.types.ts';
import type { SupervisorViewOptions } from '../../src/core/supervision/supervisor-view.service.ts';
import type { WebMessageStore } from './web-message-store.port.ts';
import type { WebEventHub } from './web-event-hub.ts';
import type { ConsoleGate } from './console-access.ts';
import type { WebDoor } from './web-door.ts';
import type { AreaViews } from './area-views.deps.ts';
import type { SignInDeps } from './sign-in/sign-in-deps.ts';

/** What the console needs, wired by src/cli/wire-web.ts. */
export interface WebConsoleDeps {
  core: SambandCore;
  /** Stores each request in the durable inbox before it runs. */
  door: WebDoor;
  directory: DirectoryReader;
  store: WebMessageStore;
  hub: WebEventHub;
  supervisorView(personId: string, options: SupervisorViewOptions): Promise<SupervisorView | null>;
  /** The area picture and the weekly pack (supervisor pages); without them those pages answer 404. */
  areaViews?: AreaViews;
  clock: Clock;
  logger: Logger;
  gate: ConsoleGate;
  /** OpenID Connect sign-in and sessions; absent in the local demo (open mode). */
  signIn?: SignInDeps;
  /** Messages per channel on a page. */
  pageSize?: number;
  /** Keep-alive comment interval on event streams. */
  heartbeatMs?: number;
}
