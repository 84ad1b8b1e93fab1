// Passwords: argon2id (OWASP's first choice) through @node-rs/argon2, which ships prebuilt
// binaries. The library's defaults (19 MiB, 2 passes) are OWASP's recommended minimum.
import { hash, verify } from "@node-rs/argon2";
import { invalid } from "../errors.ts";

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

// Algorithm 2 is Argon2id (the const enum is not importable under isolatedModules).
const ARGON2ID = 2;

export function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw invalid(`the password is too short: at least ${MIN_PASSWORD_LENGTH} characters`, [{ path: "password", message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }]);
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw invalid("the password is too long", [{ path: "password", message: `must be at most ${MAX_PASSWORD_LENGTH} characters` }]);
}

export function hashPassword(password: string): Promise<string> {
  checkPassword(password);
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  // With no stored hash, still spend the time of a verification, so response times do not
  // tell which emails belong to accounts.
  if (stored === null || password.length > MAX_PASSWORD_LENGTH) {
    await verify(DUMMY_HASH, "not the password").catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$LVTN9zfYUGNuRooSSTTs1A$71buCo1ZktlXRQyr51LTYs7BPLg6P14co2cop09DLnc";
