import type { Disclosure } from '../access/disclosure.types.ts';
import type { OutboxTransaction } from '../shift/shift.port.ts';
import type { DigestRows, DigestScope, DigestSubscription, DigestWindow } from './digest.types.ts';

/** Reads what a digest is computed from; reads only. */
export interface DigestReader {
  /** The counts and agency parts of a window's incidents in a scope (the figures are the core's: `buildDigest`). */
  rows(window: DigestWindow, scope: DigestScope): Promise<DigestRows>;
}

export interface DigestTransaction extends OutboxTransaction {
  /** The reader inside this transaction (a scheduled send computes and queues in one). */
  reader: DigestReader;
  /** Exactly-once gate: records the send's key; false when it was sent before. Call before queuing. */
  claimScheduled(send: { key: string; kind: string; subjectId: string; localDate: string; dueAt: Date; sentAt: Date; late: boolean }): Promise<boolean>;
  setScheduledCount(key: string, notifications: number): Promise<void>;
  /** Records read-log entries in this transaction (a digest to a person names incidents: a disclosure of each). */
  disclose(disclosures: Disclosure[]): Promise<void>;
  addSubscription(subscription: DigestSubscription): Promise<void>;
  /** Deactivates subscriptions of a person of one kind (default digests; all, or one id); returns how many. */
  deactivate(personId: string, id?: string, kind?: DigestSubscription['kind']): Promise<number>;
}

/** Digest storage: numbers, subscriptions and the record of scheduled sends. */
export interface DigestStore {
  reader: DigestReader;
  activeSubscriptions(): Promise<DigestSubscription[]>;
  subscriptionsOf(personId: string): Promise<DigestSubscription[]>;
  /** Which of these scheduled-send keys are recorded as sent. */
  sentKeys(keys: string[]): Promise<Set<string>>;
  transaction<T>(work: (tx: DigestTransaction) => Promise<T>): Promise<T>;
}
