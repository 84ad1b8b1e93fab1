/** Time is injected so schedules, quiet hours and token ages can be tested at chosen instants. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told otherwise. For tests and simulations. */
export class ManualClock implements Clock {
  private current: Date;
  constructor(current: Date) {
    this.current = current;
  }
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
