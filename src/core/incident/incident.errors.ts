/** Thrown by a store when another delivery of the same request created its incident first (a race, not an error). */
export class DuplicateRequestKeyError extends Error {
  constructor(readonly requestKey: string) {
    super('duplicate request key');
    this.name = 'DuplicateRequestKeyError';
  }
}
