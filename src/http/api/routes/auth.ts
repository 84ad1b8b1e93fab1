// auth/*: login (sets the session cookie), logout, me, first password from a setup link, TOTP.
import type { FastifyReply } from "fastify";
import { PERMISSIONS } from "../../../auth/permissions.ts";
import { login, logout } from "../../../auth/sessions.ts";
import { beginTotpEnrolment, confirmTotpEnrolment } from "../../../auth/two-factor.ts";
import { completeSetup, userView } from "../../../auth/users.ts";
import { LoginBody, SessionSchema, SetupBody, StaffUserSchema, TotpCodeBody, TotpEnrolment } from "../../../contracts/auth.ts";
import { Ok, PROBLEM_RESPONSES } from "../../../contracts/common.ts";
import { SESSION_COOKIE } from "../authenticate.ts";
import { actorOf, type ApiDeps, type ApiRoutes } from "../context.ts";

export const authRoutes: ApiRoutes = (app, deps) => {
  app.post(
    "/auth/login",
    {
      config: { public: true },
      schema: { tags: ["auth"], summary: "Log in; sets the session cookie", body: LoginBody, response: { 200: SessionSchema, ...PROBLEM_RESPONSES } },
    },
    async (request, reply) => {
      const result = await login(deps, request.body, { requestId: String(request.id), clientIp: request.ip });
      setSessionCookie(reply, deps, result.sessionToken);
      return { user: result.user, csrfToken: result.csrfToken, mustEnrolTotp: result.mustEnrolTotp, expiresAt: result.expiresAt, permissions: [...PERMISSIONS[result.user.role]] };
    },
  );

  app.post(
    "/auth/logout",
    { config: { duringTotpEnrolment: true }, schema: { tags: ["auth"], summary: "End this session", response: { 200: Ok, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      if (request.session) await logout(deps, actorOf(request), request.session.id);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true as const };
    },
  );

  app.get(
    "/auth/me",
    { config: { duringTotpEnrolment: true }, schema: { tags: ["auth"], summary: "Who am I", response: { 200: SessionSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      const actor = actorOf(request);
      const user = await deps.db.staffUser.findUniqueOrThrow({ where: { id: actor.id } });
      const session = request.session;
      return { user: userView(user), csrfToken: session?.csrfToken ?? "", mustEnrolTotp: session?.mustEnrolTotp ?? false, permissions: [...PERMISSIONS[user.role]] };
    },
  );

  app.post(
    "/auth/setup",
    {
      config: { public: true },
      schema: { tags: ["auth"], summary: "Set the first password from a one-time setup link", body: SetupBody, response: { 200: StaffUserSchema, ...PROBLEM_RESPONSES } },
    },
    async (request) => completeSetup(deps, request.body.token, request.body.password),
  );

  app.post(
    "/auth/totp/setup",
    { config: { duringTotpEnrolment: true }, schema: { tags: ["auth"], summary: "Start TOTP enrolment: a secret and its QR code", response: { 200: TotpEnrolment, ...PROBLEM_RESPONSES } } },
    async (request) => beginTotpEnrolment(deps, actorOf(request)),
  );

  app.post(
    "/auth/totp/confirm",
    {
      config: { duringTotpEnrolment: true },
      schema: { tags: ["auth"], summary: "Finish TOTP enrolment with a code from the app", body: TotpCodeBody, response: { 200: Ok, ...PROBLEM_RESPONSES } },
    },
    async (request) => {
      await confirmTotpEnrolment(deps, actorOf(request), request.body.code, request.session?.id ?? null);
      return { ok: true as const };
    },
  );
};

function setSessionCookie(reply: FastifyReply, deps: ApiDeps, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: deps.config.NODE_ENV !== "development",
    maxAge: deps.config.SESSION_MAX_HOURS * 3600,
  });
}

