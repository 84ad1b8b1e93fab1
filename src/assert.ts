/**
 * The default of an exhaustive `switch`: a union member that some switch does not handle is a
 * compile error here, so a new channel, operator or outcome kind cannot fall through silently.
 */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
