// Probes and scrapes must answer even when a dependency hangs: a health check that waits for a
// stuck connection tells the orchestrator nothing.
export class TimeoutError extends Error {
  override name = "TimeoutError";
}

/** Settles with the promise, or rejects with TimeoutError after `ms` (the promise keeps running). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
