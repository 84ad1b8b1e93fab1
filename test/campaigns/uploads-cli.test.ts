// The upload commands as staff run them: `campaigns merge-data` and `campaigns audience-list` print
// only JSON with --json, exit 0 with a report, and exit 2 with a clear message on a refused file.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.ts";
import { createCampaign } from "../../src/campaigns/store.ts";
import { runCli } from "../support/cli.ts";
import { useTestDatabase } from "../support/db.ts";

const { db, url } = await useTestDatabase();
const env = { DATABASE_URL: url };
const dir = mkdtempSync(join(tmpdir(), "budstikke-uploads-cli-"));
await db.member.createMany({ data: ["81001", "81002"].map((n) => ({ memberNumber: n, firstName: "Ola", lastName: "Nordmann", status: "active" as const })) });
const content = { email: { subject: "Stem", mjml: "<mjml><mj-body><mj-section><mj-column><mj-text>{{merge.ballot_url}}</mj-text></mj-column></mj-section></mj-body></mjml>" } };

describe("when staff attach uploads from the command line", () => {
  it("should print the merge data report as pure JSON, and exit 2 on a refused file without changing anything", async () => {
    const campaign = await createCampaign(db, { name: "Uravstemning", purpose: "bargaining", channels: ["email"], audience: { rules: { field: "status", op: "eq", value: "active" } }, content }, systemClock);
    const good = join(dir, "ballots.csv");
    writeFileSync(good, "member_number,ballot_url\n81001,https://stem.example.no/1\n404,https://stem.example.no/x\n");
    const ok = await runCli(["campaigns", "merge-data", String(campaign.id), good, "--json"], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ columns: ["ballot_url"], accepted: 1, unknownMemberNumbers: ["404"] });

    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "member_number,ballot url\n81002,https://stem.example.no/2\n");
    const refused = await runCli(["campaign", "merge-data", String(campaign.id), bad, "--json"], env);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/merge data refused, nothing was changed: bad column name: "ballot url"/);
    expect(await db.campaignMergeRow.count({ where: { campaignId: campaign.id } })).toBe(1);
  });

  it("should attach an audience list and say in words what it took", async () => {
    const campaign = await createCampaign(db, { name: "Påminnelse", purpose: "information", channels: ["email"], audience: { list: true }, content: { email: { ...content.email, mjml: content.email.mjml.replace("{{merge.ballot_url}}", "Hei") } } }, systemClock);
    const file = join(dir, "list.csv");
    writeFileSync(file, "member_number\n81001\n81002\n81002\n77\n");
    const result = await runCli(["campaigns", "audience-list", String(campaign.id), file], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/audience list of 2 members \(4 rows in the file\)/);
    expect(result.stdout).toMatch(/Unknown member numbers \(not stored\): 1\n {2}77/);
    expect(result.stdout).toMatch(/Duplicates \(the first row is taken\): 1/);
  });
});
