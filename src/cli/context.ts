// The CLI's dependencies: the composition root (src/app/root.ts), plus who is acting. Without
// `--as EMAIL` the CLI acts as the system operator (someone with the database credentials,
// who could change anything anyway); with it, as that staff user, with their role, scope and
// the four-eyes rules.
import { createRoot, type Root } from "../app/root.ts";
import { systemActor, type Actor } from "../auth/actor.ts";
import { actorForUser, findUserByEmail } from "../auth/users.ts";
import { loadConfig, type Config } from "../config.ts";
import { DomainError } from "../errors.ts";

export interface Context extends Root {
  /** The acting user (from --as) or the system actor "cli". */
  actor(): Promise<Actor>;
}

export function createContext(config: Config = loadConfig(), actingAs?: string): Context {
  const root = createRoot(config);
  let actor: Promise<Actor> | undefined;
  return Object.assign(root, {
    actor() {
      actor ??= actingAs === undefined
        ? Promise.resolve(systemActor("cli"))
        : findUserByEmail(root, actingAs).then((user) => {
            if (user.disabledAt) throw new DomainError("forbidden", `the staff user ${user.email} is disabled`);
            return actorForUser(user) as Actor;
          });
      return actor;
    },
  });
}
