// The organisation settings API (issue 14): everyone on staff reads them, admins change them; each
// change is a new version with an audit row; logos (PNG or SVG) are stored and served by Budstikke.
import { describe, expect, it } from "vitest";
import { pngSize } from "../../src/organisation/logo.ts";
import { useTestApi } from "../support/api.ts";

const api = await useTestApi({ env: { ORG_NAME: "Fjordunionen", ORG_ADDRESS: "Postboks 1 Sentrum; 0101 OSLO", ORG_PRIVACY_URL: "https://fjordunionen.example/personvern" } });

const VALID = {
  name: "Fjordunionen", shortName: "Fjordunionen", brandColour: "#FFFF00", addressLines: ["Postboks 1 Sentrum", "0101 OSLO"],
  contactEmail: "post@fjordunionen.example", contactPhone: "+47 22 00 00 00", orgNumber: "974 760 673", privacyUrl: "https://fjordunionen.example/personvern",
};
const SVG = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 90 30"><rect width="90" height="30" fill="#c8102e"/></svg>`;
// 1×1 transparent PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

describe("the organisation settings", () => {
  it("should start from the ORG_* environment", async () => {
    const response = await api.as("viewer", "GET", "/api/v1/organisation");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: "Fjordunionen", shortName: "Fjordunionen", addressLines: ["Postboks 1 Sentrum", "0101 OSLO"],
      privacyUrl: "https://fjordunionen.example/personvern", logo: null, updatedBy: null,
    });
  });

  it("should save a new version for an admin, with the shades messages use, and audit which fields changed", async () => {
    const before = (await api.as("admin", "GET", "/api/v1/organisation")).json();
    const response = await api.as("admin", "PUT", "/api/v1/organisation", VALID);
    expect(response.statusCode).toBe(200);
    const saved = response.json();
    expect(saved.profileId).toBeGreaterThan(before.profileId);
    expect(saved).toMatchObject({ brandColour: "#ffff00", orgNumber: "974760673", colours: { brand: "#ffff00", onBrand: "#000000", adjusted: true }, updatedBy: api.users.admin.email });
    const audit = await api.db.auditLog.findFirstOrThrow({ where: { action: "organisation.update" }, orderBy: { id: "desc" } });
    expect(audit.details).toMatchObject({ changed: expect.arrayContaining(["brandColour", "contactEmail", "orgNumber"]), previous: expect.any(Number) });
    expect(before).toMatchObject({ profileId: 0, updatedAt: null }); // a GET stored nothing
    // Saving the same values again adds nothing.
    const again = await api.as("admin", "PUT", "/api/v1/organisation", VALID);
    expect(again.json().profileId).toBe(saved.profileId);
  });

  it("should refuse bad values field by field, and change nothing", async () => {
    const current = (await api.as("admin", "GET", "/api/v1/organisation")).json();
    const response = await api.as("admin", "PUT", "/api/v1/organisation", {
      ...VALID, name: "Forbundet {{member.firstName}}", shortName: "To ord", brandColour: "gul", orgNumber: "974760674", privacyUrl: "ftp://x", addressLines: ["a", "b", "c", "d", "e"],
    });
    expect(response.statusCode).toBe(400);
    const paths = (response.json().issues as Array<{ path: string; message: string }>).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["body.name", "body.shortName", "body.brandColour", "body.orgNumber", "body.privacyUrl", "body.addressLines"]));
    expect(response.json().issues.find((i: { path: string }) => i.path === "body.orgNumber").message).toMatch(/organisation number/);
    expect((await api.as("admin", "GET", "/api/v1/organisation")).json().profileId).toBe(current.profileId);
  });

  it("should let only admins change the settings", async () => {
    for (const role of ["communicator", "approver", "viewer", "steward"] as const) {
      expect((await api.as(role, "PUT", "/api/v1/organisation", VALID)).statusCode, role).toBe(403);
      expect((await api.as(role, "PUT", "/api/v1/organisation/logo", PNG, { "content-type": "image/png" })).statusCode, role).toBe(403);
    }
    expect((await api.as("steward", "GET", "/api/v1/organisation")).statusCode).toBe(403);
    expect((await api.as(null, "GET", "/api/v1/organisation")).statusCode).toBe(401);
  });

  it("should store an SVG logo and serve it as a PNG from its own address, cached for good", async () => {
    const response = await api.as("admin", "PUT", "/api/v1/organisation/logo", SVG, { "content-type": "image/svg+xml" });
    expect(response.statusCode).toBe(200);
    const { logo } = response.json();
    expect(logo).toMatchObject({ url: `/org/logo/${logo.id}.png`, width: 480, height: 160 });
    const served = await api.app.inject({ method: "GET", url: logo.url });
    expect(served.statusCode).toBe(200);
    expect(served.headers["content-type"]).toBe("image/png");
    expect(served.headers["cache-control"]).toContain("immutable");
    expect(pngSize(served.rawPayload)).toEqual({ width: 480, height: 160 });
    expect((await api.app.inject({ method: "GET", url: "/org/logo/999999.png" })).statusCode).toBe(404);
    expect((await api.app.inject({ method: "GET", url: "/org/logo/1.svg" })).statusCode).toBe(404);
  });

  it("should store a PNG as it is, and remove the logo again", async () => {
    const uploaded = await api.as("admin", "PUT", "/api/v1/organisation/logo", PNG, { "content-type": "image/png" });
    expect(uploaded.json().logo).toMatchObject({ width: 1, height: 1 });
    const served = await api.app.inject({ method: "GET", url: uploaded.json().logo.url });
    expect(served.rawPayload.equals(PNG)).toBe(true);
    const removed = await api.as("admin", "DELETE", "/api/v1/organisation/logo");
    expect(removed.json().logo).toBeNull();
    expect(await api.db.auditLog.count({ where: { action: { in: ["organisation.logo", "organisation.logo_removed"] } } })).toBe(3);
  });

  it("should refuse a file that is not a PNG or SVG, with a message that says so", async () => {
    const gif = await api.as("admin", "PUT", "/api/v1/organisation/logo", Buffer.from("GIF89a...."), { "content-type": "image/png" });
    expect(gif.statusCode).toBe(400);
    expect(gif.json().detail).toMatch(/PNG or an SVG/);
    const broken = await api.as("admin", "PUT", "/api/v1/organisation/logo", "<svg xmlns='http://www.w3.org/2000/svg'><rect", { "content-type": "image/svg+xml" });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().detail).toMatch(/SVG could not be read/);
    const jpeg = await api.as("admin", "PUT", "/api/v1/organisation/logo", Buffer.from([0xff, 0xd8, 0xff]), { "content-type": "image/jpeg" });
    expect(jpeg.statusCode).toBe(415);
    const big = await api.as("admin", "PUT", "/api/v1/organisation/logo", Buffer.alloc(1024 * 1024 + 1), { "content-type": "image/png" });
    expect(big.statusCode).toBe(413);
  });
});
