// Provider answers often quote the recipient ("550 5.1.1 <kari@example.no>: unknown user",
// "The 'To' number +4791234567 is not valid"). Failure messages end up in delivery rows and logs,
// so addresses are cut out here, once, for every adapter.

const EMAIL = /[^\s<>()"',;:]+@[^\s<>()"',;:]+/g;
const PHONE = /\+?\d[\d ()-]{6,}\d/g;

/** Replaces e-mail addresses and phone-number-like digit runs, and caps the length. */
export function scrubAddresses(text: string, maxLength = 300): string {
  const cleaned = text.replace(EMAIL, "[address]").replace(PHONE, "[number]").replace(/\s+/g, " ").trim();
  return cleaned.length > maxLength ? `${cleaned.slice(0, maxLength - 1)}…` : cleaned;
}
