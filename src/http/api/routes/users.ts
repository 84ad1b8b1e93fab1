// users: staff accounts (admins only). Disabling ends the user's sessions and API tokens at once.
import { createUser, getUserView, listUsers, updateUser } from "../../../auth/users.ts";
import { CreatedUser, CreateUserBody, StaffUserSchema, UpdateUserBody, UserList } from "../../../contracts/auth.ts";
import { IdParams, PROBLEM_RESPONSES } from "../../../contracts/common.ts";
import { actorOf, type ApiRoutes } from "../context.ts";

export const usersRoutes: ApiRoutes = (app, deps) => {
  app.get(
    "/users",
    { config: { action: "users.manage" }, schema: { tags: ["users"], summary: "List staff users", response: { 200: UserList, ...PROBLEM_RESPONSES } } },
    async (request) => ({ items: await listUsers(deps, actorOf(request)) }),
  );

  app.post(
    "/users",
    {
      config: { action: "users.manage" },
      schema: {
        tags: ["users"], summary: "Create a staff user; without a password the answer carries a one-time setup link",
        body: CreateUserBody, response: { 201: CreatedUser, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => reply.code(201).send(await createUser(deps, actorOf(request), request.body)),
  );

  app.get(
    "/users/:id",
    { config: { action: "users.manage" }, schema: { tags: ["users"], summary: "A staff user", params: IdParams, response: { 200: StaffUserSchema, ...PROBLEM_RESPONSES } } },
    async (request) => getUserView(deps, actorOf(request), request.params.id),
  );

  app.patch(
    "/users/:id",
    {
      config: { action: "users.manage" },
      schema: {
        tags: ["users"],
        summary: "Change a user's role, scope or disabled state",
        description: "A role change ends the user's sessions; disabling also revokes their API tokens. Only stewards have a scope.",
        params: IdParams, body: UpdateUserBody, response: { 200: StaffUserSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => updateUser(deps, actorOf(request), request.params.id, request.body),
  );
};
