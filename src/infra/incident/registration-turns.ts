/**
 * Registrations of one process take turns between reading the next incident number and writing the incident, so
 * they do not read the same number and lose it to each other (each loss costs a second preparation). Other
 * processes on the same database can still take a number first; the trigger catches that and the registration is
 * prepared again under the counter's lock.
 */
export class RegistrationTurns {
  private last: Promise<void> = Promise.resolve();

  /** Waits for the turn; call the returned function exactly once to end it (after commit or rollback). */
  async take(): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => { release = resolve; });
    const before = this.last;
    this.last = before.then(() => mine);
    await before;
    return release;
  }
}
