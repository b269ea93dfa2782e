import type { WebMessageRecord } from './web-message-store.port.ts';

/** What a live subscriber is told: a message was posted or replaced in a channel. */
export interface WebMessageEvent {
  kind: 'posted' | 'updated';
  record: WebMessageRecord;
}

export type WebListener = (event: WebMessageEvent) => void;

/**
 * In-process fan-out from the web platform to open browser streams. One process only: the console is a local,
 * single-replica tool; a browser that reconnects reloads its channel from the store, so nothing is lost.
 */
export class WebEventHub {
  private readonly listeners = new Set<WebListener>();

  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: WebListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  publish(event: WebMessageEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken stream must not stop delivery to the others; its own close handler removes it.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
