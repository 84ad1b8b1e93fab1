import type { Context } from "./context.ts";

/** Runs a command body with a fresh context and closes it afterwards. */
export type Run = <T>(action: (ctx: Context) => Promise<T>) => Promise<T>;
