// TOTP two-factor authentication (RFC 6238) with otplib: 6 digits, 30-second steps, one step of
// tolerance either side for clock skew. Time comes from the injected clock.
import { generate, generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import type { Clock } from "../clock.ts";

export const TOTP_ISSUER = "Budstikke";

export function newTotpSecret(): string {
  return generateSecret();
}

export async function totpEnrolment(secret: string, accountEmail: string): Promise<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }> {
  const otpauthUrl = generateURI({ issuer: TOTP_ISSUER, label: accountEmail, secret });
  return { secret, otpauthUrl, qrCodeDataUrl: await QRCode.toDataURL(otpauthUrl) };
}

export async function verifyTotp(secret: string, code: string, clock: Clock): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const result = await verify({ secret, token: code, epoch: Math.floor(clock.now().getTime() / 1000), epochTolerance: 30 });
  return result.valid;
}

/** The current code (for tests and the CLI's own checks). */
export function totpCode(secret: string, clock: Clock): Promise<string> {
  return generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
}
