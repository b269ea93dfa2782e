import type { OidcClients } from './oidc-client.ts';
import type { ConsoleSessions } from './console-sessions.ts';

/** What the sign-in routes need besides the console's own dependencies. */
export interface SignInDeps {
  clients: OidcClients;
  sessions: ConsoleSessions;
}
