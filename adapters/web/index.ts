/** The web console adapter: a local chat platform in the browser, on the same core as Slack and Teams. */
export { createWebConsole } from './web-console.ts';
export type { WebConsoleDeps } from './web-console.deps.ts';
export { WebPlatform } from './web-platform.ts';
export { WebEventHub } from './web-event-hub.ts';
export type { WebMessageStore, WebMessageRecord } from './web-message-store.port.ts';
export { decideConsoleMode, type ConsoleMode, type ConsoleSettings } from './console-mode.ts';
export { ConsoleGate } from './console-access.ts';
export { renderMessage } from './render/render-message.ts';
export { supervisorPanels } from './render/supervisor/supervisor-page.ts';
export { WebDoor } from './web-door.ts';
