// organisation: the settings every message and member page shows (name, logo, colour, address,
// contacts). Everyone on staff may read them; admins change them, each change a new version.
import { z } from "zod";
import { PROBLEM_RESPONSES, ProblemSchema } from "../../../contracts/common.ts";
import { OrganisationSettingsBody, OrganisationSettingsSchema } from "../../../contracts/organisation.ts";
import { LOGO_MAX_BYTES } from "../../../organisation/logo.ts";
import { getOrganisationSettings, removeOrganisationLogo, saveOrganisationSettings, uploadOrganisationLogo } from "../../../organisation/settings.ts";
import { actorOf, type ApiApp, type ApiRoutes } from "../context.ts";
import type { ZodTypeProvider } from "fastify-type-provider-zod";

export const organisationRoutes: ApiRoutes = async (app, deps) => {
  app.get(
    "/organisation",
    {
      config: { action: "organisation.read" },
      schema: { tags: ["organisation"], summary: "The current organisation settings", response: { 200: OrganisationSettingsSchema, ...PROBLEM_RESPONSES } },
    },
    async (request) => getOrganisationSettings(deps, actorOf(request)),
  );

  app.put(
    "/organisation",
    {
      config: { action: "organisation.write" },
      schema: {
        tags: ["organisation"],
        summary: "Change the organisation settings",
        description: "Saves a new settings version (the logo stays). Campaigns launched earlier keep the version they launched with. Audited with the names of the changed fields.",
        body: OrganisationSettingsBody,
        response: { 200: OrganisationSettingsSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => saveOrganisationSettings(deps, actorOf(request), request.body),
  );

  app.delete(
    "/organisation/logo",
    {
      config: { action: "organisation.write" },
      schema: { tags: ["organisation"], summary: "Remove the logo (messages show the name alone)", response: { 200: OrganisationSettingsSchema, ...PROBLEM_RESPONSES } },
    },
    async (request) => removeOrganisationLogo(deps, actorOf(request)),
  );

  // The raw image body parsers apply to the upload route only.
  await app.register(async (scope) => registerLogoUpload(scope.withTypeProvider<ZodTypeProvider>(), deps));
};

function registerLogoUpload(app: ApiApp, deps: Parameters<ApiRoutes>[1]) {
  app.addContentTypeParser(["image/png", "image/svg+xml"], { parseAs: "buffer", bodyLimit: LOGO_MAX_BYTES }, (_request, body, done) => done(null, body));
  app.put(
    "/organisation/logo",
    {
      config: { action: "organisation.write" },
      bodyLimit: LOGO_MAX_BYTES,
      schema: {
        tags: ["organisation"],
        summary: "Upload the logo (Content-Type: image/png or image/svg+xml, at most 1 MiB)",
        description: "Stored by Budstikke and served from its own address; an SVG is rendered to PNG once, and only the PNG is shown to members.",
        body: z.any(),
        response: { 200: OrganisationSettingsSchema, ...PROBLEM_RESPONSES, 413: ProblemSchema, 415: ProblemSchema },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw Object.assign(new Error("send the logo as the body with Content-Type: image/png or image/svg+xml"), { statusCode: 415 });
      return uploadOrganisationLogo(deps, actorOf(request), request.body);
    },
  );
}
