/** Time is a port: escalation, shifts and digests read it here, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests set and advance by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date { return new Date(this.current); }
  set(at: Date): void { this.current = new Date(at); }
  advanceMinutes(minutes: number): void { this.current = new Date(this.current.getTime() + minutes * 60_000); }
}
