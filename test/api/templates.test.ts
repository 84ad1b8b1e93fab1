// The templates routes: list, save and versions, field paths of refused templates, previews
// (scoped and audited), and test sends that reach only the acting user's own address, through
// a real worker and a loopback SMTP sink.
import { afterAll, describe, expect, it } from "vitest";
import { importMembersFromText } from "../../src/members/import.ts";
import { createPipeline } from "../../src/workers/pipeline.ts";
import { useTestApi } from "../support/api.ts";
import { TEST_SETTINGS } from "../support/pipeline-harness.ts";
import { startSmtpSink } from "../support/smtp-sink.ts";

const sink = await startSmtpSink();
const api = await useTestApi({ env: { SMTP_URL: sink.url } });
const pipeline = createPipeline({ db: api.db, config: api.config, clock: api.clock, logger: api.logger }, TEST_SETTINGS);
pipeline.startWorkers();
afterAll(async () => {
  await pipeline.close();
  await sink.stop();
});

const HEADER = "member_number,first_name,last_name,email,address_line,postcode,city,municipality_number,status,employer_org_number,employer_name,language,branch";
await importMembersFromText(
  api.db,
  [
    HEADER,
    // In the steward's scope (employer 974760673).
    "5000001,Ingrid,Haugland,ingrid@example.no,Storgata 1,0155,Oslo,0301,active,974760673,Skatteetaten,nb,",
    // Outside it (another employer, another branch).
    "5000002,Per,Utenfor,per@example.no,Torget 2,5003,Bergen,4601,active,974475146,Helse Bergen HF,nn,bergen-2",
    "",
  ].join("\n"),
);

const mjml = (text: string) => `<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n        <mj-text>${text}</mj-text>\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>`;

const TEMPLATE = {
  name: "Kurs i tariffarbeid",
  purpose: "course",
  sampleData: { date: "3. mars" },
  email: { nb: { subject: "Kurs for {{member.firstName}}", mjml: mjml("Hei {{member.firstName}}, kurset er {{data.date}}.") } },
  sms: { nb: { body: "Hei {{member.firstName}}, kurset er {{data.date}}." } },
  letter: { nb: { body: "# Kurs\n\nHei {{member.firstName}}, kurset er {{data.date}}." }, returnLine: "NTL, Postboks 1, 0101 Oslo", place: "Oslo" },
};

async function saveTemplate(body: unknown = TEMPLATE): Promise<{ templateId: number; templateVersionId: number; version: number }> {
  const response = await api.as("communicator", "POST", "/api/v1/templates", body);
  expect(response.statusCode).toBe(201);
  return response.json();
}

async function auditRows(action: string) {
  return api.db.auditLog.findMany({ where: { action }, orderBy: { id: "asc" } });
}

describe("when staff save and read templates", () => {
  it("should save version 1, then version 2 with PUT, and show either version", async () => {
    const first = await saveTemplate();
    expect(first).toMatchObject({ version: 1, warnings: [] });
    const put = await api.as("communicator", "PUT", `/api/v1/templates/${first.templateId}`, { ...TEMPLATE, name: "Kurs i tariffarbeid (ny dato)" });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ templateId: first.templateId, version: 2 });

    const latest = await api.as("viewer", "GET", `/api/v1/templates/${first.templateId}`);
    expect(latest.statusCode).toBe(200);
    expect(latest.json()).toMatchObject({ version: 2, name: "Kurs i tariffarbeid (ny dato)", purpose: "course", versions: [{ version: 1 }, { version: 2 }] });
    expect(latest.json().source.email.nb.subject).toBe("Kurs for {{member.firstName}}");
    const older = await api.as("viewer", "GET", `/api/v1/templates/${first.templateId}?version=1`);
    expect(older.json()).toMatchObject({ version: 1, name: "Kurs i tariffarbeid", templateVersionId: first.templateVersionId });
    expect((await api.as("viewer", "GET", `/api/v1/templates/${first.templateId}?version=9`)).statusCode).toBe(404);

    const audits = await api.db.auditLog.findMany({ where: { entity: "template", entityId: String(first.templateId) }, orderBy: { id: "asc" } });
    expect(audits.map((a) => [a.action, a.actorId])).toEqual([
      ["templates.create", api.users.communicator.id],
      ["templates.save_version", api.users.communicator.id],
    ]);
  });

  it("should list templates a page at a time with their channels", async () => {
    await saveTemplate({ ...TEMPLATE, name: "Andre mal" });
    const page1 = await api.as("viewer", "GET", "/api/v1/templates?limit=1");
    expect(page1.statusCode).toBe(200);
    const body1 = page1.json();
    expect(body1.items).toHaveLength(1);
    expect(body1.items[0].channels).toEqual(["email", "sms", "letter"]);
    expect(body1.nextCursor).toEqual(expect.any(String));
    const page2 = (await api.as("viewer", "GET", `/api/v1/templates?limit=1&cursor=${body1.nextCursor}`)).json();
    expect(page2.items[0].id).toBeGreaterThan(body1.items[0].id);
  });

  it("should refuse writes by viewers and stewards, and reads without authentication", async () => {
    expect((await api.as("viewer", "POST", "/api/v1/templates", TEMPLATE)).statusCode).toBe(403);
    expect((await api.as("steward", "POST", "/api/v1/templates", TEMPLATE)).statusCode).toBe(403);
    expect((await api.as(null, "GET", "/api/v1/templates")).statusCode).toBe(401);
    const { templateId } = await saveTemplate();
    expect((await api.as("viewer", "PUT", `/api/v1/templates/${templateId}`, TEMPLATE)).statusCode).toBe(403);
  });

  it("should answer a refused template with problem+json issues naming channel.language.field, line and column", async () => {
    const bad = { ...TEMPLATE, email: { nb: { subject: "Hei", mjml: mjml("Hei {{member.firstname}}") } } };
    const response = await api.as("communicator", "POST", "/api/v1/templates", bad);
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({ kind: "invalid", status: 400 });
    expect(problem.issues).toEqual([
      { path: "email.nb.mjml", line: 5, column: expect.any(Number), message: expect.stringMatching(/^line 5, column \d+: unknown variable "member.firstname".*did you mean "member.firstName"/) },
    ]);
  });

  it("should name the body field when the input does not have the template format", async () => {
    const response = await api.as("communicator", "POST", "/api/v1/templates", { ...TEMPLATE, purpose: "spam", sms: { nb: {} } });
    expect(response.statusCode).toBe(400);
    const paths = response.json().issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["body.purpose", "body.sms.nb.body"]));
  });

  it("should refuse a PUT whose body names another template", async () => {
    const { templateId } = await saveTemplate();
    const response = await api.as("communicator", "PUT", `/api/v1/templates/${templateId}`, { ...TEMPLATE, id: templateId + 1000 });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([{ path: "id", message: expect.stringContaining(String(templateId)) }]);
  });
});

describe("when staff preview a template", () => {
  it("should render email, SMS (segments and character set) and letter (PDF) for a member, and audit each read", async () => {
    const { templateId, templateVersionId } = await saveTemplate();
    const email = await api.as("communicator", "POST", `/api/v1/templates/${templateId}/preview`, { channel: "email", memberNumber: "5000001" });
    expect(email.statusCode).toBe(200);
    expect(email.json()).toMatchObject({ channel: "email", memberNumber: "5000001", templateVersionId, subject: "Kurs for Ingrid" });
    expect(email.json().html).toContain("Hei Ingrid, kurset er 3. mars.");
    expect(email.json().text).toContain("Hei Ingrid");

    const sms = (await api.as("communicator", "POST", `/api/v1/templates/${templateId}/preview`, { channel: "sms", memberNumber: "5000001" })).json();
    expect(sms).toMatchObject({ channel: "sms", encoding: "GSM-7", segments: 1 });
    expect(sms.body).toMatch(/^Hei Ingrid, kurset er 3\. mars\./);
    expect(sms.characters).toBe(sms.body.length);

    const letter = (await api.as("communicator", "POST", `/api/v1/templates/${templateId}/preview`, { channel: "letter", memberNumber: "5000001" })).json();
    expect(letter).toMatchObject({ channel: "letter", contentType: "application/pdf" });
    const pdf = Buffer.from(letter.pdfBase64, "base64");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBe(letter.bytes);

    const member = await api.db.member.findUniqueOrThrow({ where: { memberNumber: "5000001" } });
    const reads = await api.db.auditLog.findMany({ where: { action: "templates.preview", actorId: api.users.communicator.id, entityId: String(member.id) } });
    expect(reads.map((r) => [r.entity, (r.details as { channel: string }).channel])).toEqual([["member", "email"], ["member", "sms"], ["member", "letter"]]);
    for (const r of reads) expect(JSON.stringify(r.details)).not.toMatch(/Ingrid|Haugland|ingrid@/);
  });

  it("should render the sample member in the language asked for, without an audit row", async () => {
    const { templateId } = await saveTemplate({ ...TEMPLATE, sms: { nb: { body: "Hei {{member.firstName}}" }, en: { body: "Hi {{member.firstName}}" } } });
    const before = (await auditRows("templates.preview")).length;
    const response = await api.as("viewer", "POST", `/api/v1/templates/${templateId}/preview`, { channel: "sms", sample: true, language: "en" });
    // Viewers may read templates but not render them for members.
    expect(response.statusCode).toBe(403);
    const sample = await api.as("communicator", "POST", `/api/v1/templates/${templateId}/preview`, { channel: "sms", sample: true, language: "en" });
    expect(sample.statusCode).toBe(200);
    expect(sample.json()).toMatchObject({ channel: "sms", memberNumber: null });
    expect(sample.json().body).toMatch(/^Hi Kari Åse/);
    expect((await auditRows("templates.preview")).length).toBe(before);
  });

  it("should let a steward preview for a member in scope and answer 404 for one outside it, exactly as for a nonexistent member", async () => {
    const { templateId } = await saveTemplate();
    const inside = await api.as("steward", "POST", `/api/v1/templates/${templateId}/preview`, { channel: "email", memberNumber: "5000001" });
    expect(inside.statusCode).toBe(200);
    const outside = await api.as("steward", "POST", `/api/v1/templates/${templateId}/preview`, { channel: "email", memberNumber: "5000002" });
    const missing = await api.as("steward", "POST", `/api/v1/templates/${templateId}/preview`, { channel: "email", memberNumber: "5999999" });
    expect(outside.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(outside.json().detail).toBe("no member with number 5000002");
    expect(missing.json().detail).toBe("no member with number 5999999");
    // An unscoped role reaches the same member.
    expect((await api.as("communicator", "POST", `/api/v1/templates/${templateId}/preview`, { channel: "email", memberNumber: "5000002" })).statusCode).toBe(200);
    const outsider = await api.db.member.findUniqueOrThrow({ where: { memberNumber: "5000002" } });
    expect(await api.db.auditLog.count({ where: { action: "templates.preview", actorId: api.users.steward.id, entityId: String(outsider.id) } })).toBe(0);
  });

  it("should refuse a body with both or neither of memberNumber and sample, naming the field", async () => {
    const { templateId } = await saveTemplate();
    for (const body of [{ channel: "email" }, { channel: "email", sample: true, memberNumber: "5000001" }]) {
      const response = await api.as("communicator", "POST", `/api/v1/templates/${templateId}/preview`, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().issues).toEqual([{ path: "body.memberNumber", message: "give exactly one of memberNumber or sample: true" }]);
    }
  });
});

describe("when staff send themselves a test", () => {
  it("should queue it (202) and deliver it, rendered for the sample member, to the acting user's own address only", async () => {
    const { templateId, templateVersionId } = await saveTemplate();
    const me = api.users.communicator;
    const response = await api.as("communicator", "POST", `/api/v1/templates/${templateId}/test-send`, { channel: "email" });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ queued: true, to: me.email });

    await sink.waitFor(1, 20_000);
    const message = sink.messages[0]!;
    expect(message.rcptTo).toEqual([me.email]);
    expect(message.to).toEqual([me.email]);
    expect(message.subject).toBe("[TEST] Kurs for Kari Åse");
    expect(message.text).toContain("kurset er 3. mars");

    const requested = await auditRows("templates.test_send");
    expect(requested).toEqual([expect.objectContaining({ actorId: me.id, entity: "template", entityId: String(templateId) })]);
    expect(requested[0]!.details).toEqual({ templateVersionId, channel: "email", language: "nb" });
    expect(JSON.stringify(requested[0]!.details)).not.toContain("@");
    await waitUntil(async () => (await auditRows("templates.test_sent")).length === 1);
  });

  it("should refuse any address in the body, naming the field, and send nothing", async () => {
    const { templateId } = await saveTemplate();
    const sent = sink.stats.accepted;
    const jobs = () => api.queues.testSends.getJobCountByTypes("waiting", "active", "delayed", "completed", "failed");
    const jobsBefore = await jobs();
    const response = await api.as("communicator", "POST", `/api/v1/templates/${templateId}/test-send`, { channel: "email", to: "someone@else.example" });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([{ path: "body", message: expect.stringContaining("only to your own address") }]);
    expect(await jobs()).toBe(jobsBefore);
    expect(sink.stats.accepted).toBe(sent);
  });

  it("should refuse roles without templates.test_send and a template without email content", async () => {
    const { templateId } = await saveTemplate();
    expect((await api.as("viewer", "POST", `/api/v1/templates/${templateId}/test-send`, { channel: "email" })).statusCode).toBe(403);
    expect((await api.as("steward", "POST", `/api/v1/templates/${templateId}/test-send`, { channel: "email" })).statusCode).toBe(403);
    const smsOnly = await saveTemplate({ name: "Bare SMS", purpose: "course", sms: { nb: { body: "Hei" } } });
    const response = await api.as("communicator", "POST", `/api/v1/templates/${smsOnly.templateId}/test-send`, { channel: "email" });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([{ path: "channel", message: "the template has no email content" }]);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}
