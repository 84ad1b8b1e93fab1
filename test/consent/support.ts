// Shared set-up for consent and HTTP tests: a config with known keys, and members made directly.
import { loadConfig, type Config } from "../../src/config.ts";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import type { Db } from "../../src/db/client.ts";

export const TEST_KEY = "test-secret-key-0123456789abcdef-0123456789";
export const TWILIO_TOKEN = "twilio-test-auth-token-1234567890";

export function testConfig(databaseUrl: string, extra: Record<string, string> = {}): Config {
  return loadConfig(
    {
      NODE_ENV: "test", LOG_LEVEL: "silent", DATABASE_URL: databaseUrl, SECRET_KEY: TEST_KEY,
      PUBLIC_URL: "https://budstikke.example.no", MAIL_FROM: "NTL <post@ntl.example.no>",
      TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000", TWILIO_AUTH_TOKEN: TWILIO_TOKEN, TWILIO_FROM: "+4790000000",
      ...extra,
    },
    "/nonexistent",
  );
}

let counter = 0;

export interface MemberOverrides {
  status?: "active" | "resigned" | "retired";
  email?: string | null;
  mobile?: string | null;
  addressLine?: string | null;
  postcode?: string | null;
  city?: string | null;
  language?: "nb" | "nn" | "en";
  invalid?: boolean;
}

export async function makeMember(db: Db, over: MemberOverrides = {}): Promise<number> {
  counter += 1;
  const invalidAt = over.invalid ? new Date("2026-01-01T00:00:00Z") : null;
  const m = await db.member.create({
    data: {
      memberNumber: `T${process.pid}-${counter}`, firstName: "Kari", lastName: "Nordmann", status: over.status ?? "active",
      language: over.language ?? "nb",
      email: over.email === undefined ? `kari${counter}@example.no` : over.email,
      mobile: over.mobile === undefined ? `+479${String(1000000 + counter).slice(-7)}` : over.mobile,
      addressLine: over.addressLine === undefined ? "Storgata 1" : over.addressLine,
      postcode: over.postcode === undefined ? "5003" : over.postcode,
      city: over.city === undefined ? "BERGEN" : over.city,
      emailInvalidAt: invalidAt, mobileInvalidAt: invalidAt, addressInvalidAt: invalidAt,
    },
  });
  return m.id;
}

export { pseudonymsFromConfig };
