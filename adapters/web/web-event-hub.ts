import type { WebMessageRecord, WebMessageStore } from './web-message-store.port.ts';
import type { WebEventRelay } from './web-event-relay.port.ts';

export type { WebEventRelay, WebRelayedEvent } from './web-event-relay.port.ts';

/** What a live subscriber is told: a message was posted or replaced in a channel. */
export interface WebMessageEvent {
  kind: 'posted' | 'updated';
  record: WebMessageRecord;
}

export type WebListener = (event: WebMessageEvent) => void;

export interface WebHubLogger {
  log(level: 'debug' | 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>): void;
}

/**
 * Fan-out from the web platform to open browser streams: in this process at once, and through the relay to the
 * streams other replicas hold. A browser that reconnects reloads its channel from the store, so nothing is lost.
 */
export class WebEventHub {
  private readonly listeners = new Set<WebListener>();
  private relay: WebEventRelay | null = null;
  private logger: WebHubLogger | null = null;

  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: WebListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Announces this process's events through `relay`, and, when `listen`, streams other processes' events here. */
  async connect(relay: WebEventRelay, store: WebMessageStore, logger: WebHubLogger, listen: boolean): Promise<void> {
    this.relay = relay;
    this.logger = logger;
    if (!listen) return;
    await relay.listen((event) => {
      store.find(event.messageId).then((record) => {
        if (record) this.deliver({ kind: event.kind, record });
      }, (error: Error) => logger.log('warn', 'web.relay_lookup_failed', { error: error.message }));
    });
  }

  publish(event: WebMessageEvent): void {
    this.deliver(event);
    this.relay?.announce({ kind: event.kind, messageId: event.record.messageId })
      .catch((error: Error) => this.logger?.log('warn', 'web.relay_announce_failed', { error: error.message }));
  }

  private deliver(event: WebMessageEvent): void {
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
