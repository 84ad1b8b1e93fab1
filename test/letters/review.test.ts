// The review before sending, for letters and channel fallback: the expected split of the audience
// over email → SMS → letter, and what the letters come to (pages, sheets, postage, print batches,
// the bulk warning). Plus the pure parts: cutting print batches, postage steps, which batches wait.
import { describe, expect, it } from "vitest";
import { systemActor } from "../../src/auth/actor.ts";
import { reviewCampaign } from "../../src/campaigns/dry-run.ts";
import { createCampaign } from "../../src/campaigns/store.ts";
import { recordConsentEvent } from "../../src/consent/ledger.ts";
import { COLLATE_BATCH_NO, readyBatches } from "../../src/deliveries/batches.ts";
import { cutIntoBatches, sheetsFor } from "../../src/letters/plan.ts";
import { estimatePostage, parsePostageTable, postageFor } from "../../src/letters/postage.ts";
import { useTestApi } from "../support/api.ts";

const api = await useTestApi();
const { db, clock, deps } = api;

const CONTENT = {
  email: { subject: "Hei", mjml: "<mjml><mj-body><mj-section><mj-column><mj-text>Hei</mj-text></mj-column></mj-section></mj-body></mjml>" },
  sms: { body: "Hei {{member.firstName}}" },
  letter: { returnLine: "NTL, Postboks 1, 0101 OSLO", place: "Oslo", body: "# Brev\n\nHei {{member.firstName}}." },
};

describe("when a first-available campaign with letters is reviewed", () => {
  it("should show the expected split per channel, and the letters' pages, sheets and postage with the bulk warning", async () => {
    const base = { status: "active" as const, lastName: "Nordmann", addressLine: "Storgata 1", postcode: "0155", city: "Oslo" };
    const rows = [
      { memberNumber: "R1", firstName: "E", email: "e@example.no", mobile: "+4791000001" }, // email
      { memberNumber: "R2", firstName: "S", mobile: "+4791000002" }, // no email: SMS
      { memberNumber: "R3", firstName: "L" }, // neither: letter
      { memberNumber: "R4", firstName: "O", email: "o@example.no" }, // email opted out, no mobile: letter
      { memberNumber: "R5", firstName: "N", addressLine: null }, // nothing reaches
    ];
    for (const r of rows) await db.member.create({ data: { ...base, ...r } });
    const optedOut = await db.member.findUniqueOrThrow({ where: { memberNumber: "R4" } });
    await recordConsentEvent(db, { memberId: optedOut.id, purpose: "all", channel: "email", action: "opt_out", source: "staff", actor: "test", at: clock.now() });

    const campaign = await createCampaign(db, {
      name: "Uravstemning", purpose: "bargaining", channels: ["email", "sms", "letter"], channelMode: "first-available",
      audience: { rules: { field: "status", op: "eq", value: "active" } }, content: CONTENT,
    }, clock);
    const review = await reviewCampaign(deps, systemActor("test"), campaign.id);
    expect(review.channelMode).toBe("first-available");
    expect(review.split).toEqual({ channels: { email: 1, sms: 1, letter: 2 }, none: 1 });
    // Each channel on its own, as before: who could get it there.
    expect(review.channels.letter).toMatchObject({ recipients: 4, skipped: 1, skippedByReason: { no_address: 1 } });
    expect(review.letters).toEqual({
      letters: 2, pagesPerLetter: 1, pages: 2, sheets: 2, postage: 35, printBatches: 1, bulkMinimum: 200, belowBulkMinimum: true,
    });
  });
});

describe("when letters are cut into print batches and priced", () => {
  it("should keep each batch within the page limit, never split a letter, and price by sheets", () => {
    const letters = [3, 2, 2, 5, 1, 9, 1].map((pages, i) => ({ i, pages }));
    const batches = cutIntoBatches(letters, 6);
    expect(batches.map((b) => b.map((l) => l.pages))).toEqual([[3, 2], [2], [5, 1], [9], [1]]);
    expect(batches.flat().map((l) => l.i)).toEqual(letters.map((l) => l.i));
    expect([1, 2, 3].map((p) => sheetsFor(p, true))).toEqual([1, 1, 2]);
    expect(sheetsFor(3, false)).toBe(3);
    const steps = parsePostageTable("9:35,4:17.50");
    expect(postageFor(4, steps)).toBe(17.5);
    expect(postageFor(5, steps)).toBe(35);
    expect(postageFor(10, steps)).toBeNull();
    expect(estimatePostage(new Map([[1, 3], [6, 1], [20, 2]]), steps)).toEqual({ total: 87.5, unpriced: 2 });
  });

  it("should hold back a fallback channel's batch until the same batch of earlier channels closed, and a collation until it is alone", () => {
    const b = (channel: "email" | "sms" | "letter", batchNo: number) => ({ channel, batchNo });
    const order = { channels: ["email", "sms", "letter"], channelMode: "first_available" as const };
    const open = [b("email", 1), b("sms", 0), b("sms", 1), b("letter", 0), b("letter", COLLATE_BATCH_NO)];
    expect(readyBatches(open, order)).toEqual([b("email", 1), b("sms", 0)]);
    expect(readyBatches([b("letter", COLLATE_BATCH_NO)], order)).toEqual([b("letter", COLLATE_BATCH_NO)]);
    // Without fallback every batch runs at once; the collation still waits for the letters.
    expect(readyBatches(open, { channels: order.channels, channelMode: "all" })).toEqual(open.slice(0, 4));
  });
});
