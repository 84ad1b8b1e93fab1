// The whole product on loopback for browser tests: a test database with generated members, the
// delivery workers, the SMTP sink and the Twilio fake (the pipeline harness), and the real HTTP
// server (API, public pages, the built admin UI) listening on a free port that PUBLIC_URL names,
// so links in emails and the CSRF origin check work as in production. Staff users per role;
// the approver and the admin have TOTP enrolled, as the default REQUIRE_2FA_FOR demands.
import { systemActor, type Role } from "../../../src/auth/actor.ts";
import { newTotpSecret, totpCode } from "../../../src/auth/totp.ts";
import { createUser } from "../../../src/auth/users.ts";
import { buildApp } from "../../../src/http/app.ts";
import { startServer, type RunningServer } from "../../../src/http/server.ts";
import { createLogger } from "../../../src/log.ts";
import { startHarness, type Harness } from "../../support/pipeline-harness.ts";
import { ensureWebBuild } from "./web-build.ts";
import { freePort } from "../../support/free-port.ts";

export const PASSWORD = "en lang og trygg passordsetning";

export interface StaffLogin {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** Set for users with TOTP enrolled. */
  totpSecret?: string;
}

export interface Stack {
  harness: Harness;
  server: RunningServer;
  baseUrl: string;
  users: { communicator: StaffLogin; approver: StaffLogin; steward: StaffLogin; admin: StaffLogin };
  /** The steward's employer (organisation number) and a member inside and one outside that scope. */
  stewardScope: { employer: string; inside: string; outside: string };
  /** The current TOTP code of a user with TOTP. */
  totp(user: StaffLogin): Promise<string>;
  close(): Promise<void>;
}


export interface StackOptions {
  members?: number;
  /** Messages per second per channel: slow enough that live progress can be watched. */
  ratePerSecond?: number;
  env?: Record<string, string>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const webDist = await ensureWebBuild();
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const rate = options.ratePerSecond ?? 100_000;
  const harness = await startHarness({
    members: options.members ?? 1200,
    env: { PUBLIC_URL: baseUrl, ...options.env },
    settings: { ratePerSecond: { email: rate, sms: rate } },
  });
  const { db, config, clock } = harness;
  const logger = createLogger(config.LOG_LEVEL);
  const app = await buildApp({ db, config, clock, logger, queues: harness.pipeline.queues, webDist });
  const server = await startServer(app, { port, host: "127.0.0.1", logger, handleSignals: false });

  const system = systemActor("browser-test");
  const deps = { db, config, clock };
  const employer = (
    await db.$queryRaw<Array<{ employer: string }>>`
      SELECT employer_org_number AS employer FROM employment WHERE is_primary AND employer_org_number IS NOT NULL
      GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`
  )[0]!.employer;
  const [inside] = await db.$queryRaw<Array<{ member_number: string }>>`
    SELECT m.member_number FROM member m JOIN employment e ON e.member_id = m.id AND e.is_primary
    WHERE e.employer_org_number = ${employer} ORDER BY m.member_number LIMIT 1`;
  const [outside] = await db.$queryRaw<Array<{ member_number: string }>>`
    SELECT m.member_number FROM member m
    WHERE NOT EXISTS (SELECT 1 FROM employment e WHERE e.member_id = m.id AND e.employer_org_number = ${employer})
    ORDER BY m.member_number LIMIT 1`;

  async function user(role: Role, email: string, name: string, withTotp: boolean, employers?: string[]): Promise<StaffLogin> {
    const { user } = await createUser(deps, system, { email, name, role, password: PASSWORD, ...(employers ? { employers } : {}) });
    if (!withTotp) return { id: user.id, email, name, role };
    const totpSecret = newTotpSecret();
    await db.staffUser.update({ where: { id: user.id }, data: { totpSecret, totpEnabledAt: clock.now() } });
    return { id: user.id, email, name, role, totpSecret };
  }
  const users = {
    communicator: await user("communicator", "kari.kommunikasjon@ntl.example.no", "Kari Kommunikasjon", false),
    approver: await user("approver", "gunnar.godkjenner@ntl.example.no", "Gunnar Godkjenner", true),
    steward: await user("steward", "tore.tillitsvalgt@ntl.example.no", "Tore Tillitsvalgt", false, [employer]),
    admin: await user("admin", "ada.admin@ntl.example.no", "Ada Admin", true),
  };

  return {
    harness, server, baseUrl, users,
    stewardScope: { employer, inside: inside!.member_number, outside: outside!.member_number },
    totp: (login) => totpCode(login.totpSecret!, clock),
    async close() {
      await server.close();
      await harness.close();
    },
  };
}
