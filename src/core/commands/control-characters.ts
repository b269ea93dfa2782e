import { CoreError } from '../shared/core-error.ts';

/**
 * C0 control characters except tab, line feed and carriage return, DEL, and the C1 controls. People do not type them;
 * they come from pasted binary, broken clients or probes. PostgreSQL refuses NUL in text outright, and the others
 * would end up invisible in an incident register that people read.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Nested values looked at before giving up (a button payload or form is a handful of fields). */
const MAX_VISITS = 1000;

/**
 * Refuses input that carries control characters anywhere: a string, or any string inside an object or array (button
 * payloads, form values), keys included. Throws `control_characters`; the caller's message says nothing was saved.
 */
export function assertNoControlCharacters(value: unknown): void {
  const pending: unknown[] = [value];
  let visits = 0;
  while (pending.length > 0 && visits < MAX_VISITS) {
    visits += 1;
    const next = pending.pop();
    if (typeof next === 'string') {
      if (CONTROL.test(next)) throw new CoreError('control_characters');
    } else if (Array.isArray(next)) {
      pending.push(...next);
    } else if (next !== null && typeof next === 'object') {
      for (const [key, inner] of Object.entries(next)) pending.push(key, inner);
    }
  }
}
