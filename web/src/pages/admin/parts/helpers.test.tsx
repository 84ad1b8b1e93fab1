import { describe, expect, it } from "vitest";
import { staffUser } from "./fixtures.ts";
import { suggestSlug } from "./NewNewsletter.tsx";
import { describeSource } from "./staffSource.ts";
import { tokenStatus } from "./tokenStatus.ts";

describe("admin helpers", () => {
  it("suggests a slug the API accepts from a Norwegian name", () => {
    expect(suggestSlug("Tariffnytt for Østlandet")).toBe("tariffnytt-for-ostlandet");
    expect(suggestSlug("  Kurs & møter – Vår 2027! ")).toBe("kurs-moter-var-2027");
    expect(suggestSlug("Æ".repeat(30))).toMatch(/^[a-z0-9][a-z0-9-]{0,39}$/);
  });

  it("names the staff behind a suppression source and keeps other sources as they are", () => {
    const staff = new Map([[7, staffUser({ id: 7, name: "Kari", email: "kari@example.no" })]]);
    expect(describeSource("staff:7: ba om det på telefon", staff)).toEqual({ who: "Kari", note: "ba om det på telefon" });
    expect(describeSource("staff:8", staff)).toEqual({ who: "staff:8", note: null });
    expect(describeSource("smtp:5.1.1", staff)).toEqual({ who: "smtp:5.1.1", note: null });
    expect(describeSource(null, staff)).toBeNull();
  });

  it("tells revoked and expired tokens from working ones", () => {
    const base = { id: 1, userId: 1, name: "x", createdAt: "2026-01-01T00:00:00Z", lastUsedAt: null };
    const now = Date.parse("2026-06-01T00:00:00Z");
    expect(tokenStatus({ ...base, expiresAt: null, revokedAt: null }, now)).toBe("active");
    expect(tokenStatus({ ...base, expiresAt: "2026-05-01T00:00:00Z", revokedAt: null }, now)).toBe("expired");
    expect(tokenStatus({ ...base, expiresAt: null, revokedAt: "2026-02-01T00:00:00Z" }, now)).toBe("revoked");
  });
});
