// Staff logins for trying the admin UI after the demo: one user per role, all with the same
// fresh password, printed once. Development only: the demo refuses to make them when NODE_ENV
// is production, so a demo run against a real installation cannot open it up.
import { randomBytes } from "node:crypto";
import { systemActor, type Role } from "../auth/actor.ts";
import { hashPassword } from "../auth/passwords.ts";
import { createUser } from "../auth/users.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";

export interface DemoLogin {
  email: string;
  role: Role;
  name: string;
}

/** The members a steward in the demo may reach: the employer with the most members. */
async function busiestEmployer(db: Db): Promise<string | null> {
  const rows = await db.$queryRaw<Array<{ employer: string }>>`
    SELECT employer_org_number AS employer FROM employment WHERE is_primary AND employer_org_number IS NOT NULL
    GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`;
  return rows[0]?.employer ?? null;
}

export async function ensureDemoUsers(deps: { db: Db; config: Config; clock: Clock }): Promise<{ password: string; logins: DemoLogin[] } | null> {
  if (deps.config.NODE_ENV === "production") return null;
  // Readable, 16 characters, new on every demo run.
  const password = `demo-${randomBytes(8).toString("base64url").slice(0, 11)}`;
  const employer = await busiestEmployer(deps.db);
  const wanted: Array<DemoLogin & { employers?: string[] }> = [
    { email: "kommunikasjon@demo.budstikke.no", role: "communicator", name: "Kari Kommunikasjon" },
    { email: "godkjenner@demo.budstikke.no", role: "approver", name: "Gunnar Godkjenner" },
    { email: "admin@demo.budstikke.no", role: "admin", name: "Ada Admin" },
    ...(employer ? [{ email: "tillitsvalgt@demo.budstikke.no", role: "steward" as const, name: "Tore Tillitsvalgt", employers: [employer] }] : []),
  ];
  const actor = systemActor("demo");
  const passwordHash = await hashPassword(password);
  for (const login of wanted) {
    const existing = await deps.db.staffUser.findUnique({ where: { email: login.email } });
    if (existing) {
      await deps.db.staffUser.update({ where: { id: existing.id }, data: { passwordHash, disabledAt: null, updatedAt: deps.clock.now() } });
    } else {
      await createUser(deps, actor, { email: login.email, name: login.name, role: login.role, password, ...(login.employers ? { employers: login.employers } : {}) });
    }
  }
  return { password, logins: wanted.map(({ email, role, name }) => ({ email, role, name })) };
}
