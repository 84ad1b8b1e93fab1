// Types and server state shared by the administration screens. Types come from the contracts
// only (type imports: nothing of the server lands in the bundle).
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { AddedSuppression, AddSuppressionBody, CreateNewsletterBody, NewsletterList, NewsletterSchema, SuppressionSchema } from "../../../../../src/contracts/admin.ts";
import type {
  ApiTokenSchema, CreatedToken, CreatedUser, CreateTokenBody, CreateUserBody, StaffUserSchema, TokenList, UpdateUserBody, UserList,
} from "../../../../../src/contracts/auth.ts";
import type { pageOf } from "../../../../../src/contracts/common.ts";
import { api } from "../../../api/client.ts";
import { useSession } from "../../../api/session.tsx";

export type Suppression = z.infer<typeof SuppressionSchema>;
export type SuppressionPage = z.infer<ReturnType<typeof pageOf<typeof SuppressionSchema>>>;
export type AddSuppressionInput = z.input<typeof AddSuppressionBody>;
export type AddedSuppressionResult = z.infer<typeof AddedSuppression>;
export type Newsletter = z.infer<typeof NewsletterSchema>;
export type Newsletters = z.infer<typeof NewsletterList>;
export type NewNewsletter = z.input<typeof CreateNewsletterBody>;
export type StaffUser = z.infer<typeof StaffUserSchema>;
export type Users = z.infer<typeof UserList>;
export type NewUser = z.input<typeof CreateUserBody>;
export type CreatedUserResult = z.infer<typeof CreatedUser>;
export type UserPatch = z.input<typeof UpdateUserBody>;
export type ApiToken = z.infer<typeof ApiTokenSchema>;
export type Tokens = z.infer<typeof TokenList>;
export type NewToken = z.input<typeof CreateTokenBody>;
export type CreatedTokenResult = z.infer<typeof CreatedToken>;

export const USERS_KEY = ["users"] as const;
export const TOKENS_KEY = ["tokens"] as const;
export const SUPPRESSIONS_KEY = ["suppressions"] as const;
export const NEWSLETTERS_KEY = ["newsletters"] as const;

/** Every staff user (admins only: others get a 403 to show). */
export function useUsers(enabled = true) {
  return useQuery({ queryKey: USERS_KEY, queryFn: ({ signal }) => api<Users>("/users", { signal }), enabled });
}

/** Staff by id, to name token owners and the staff behind a suppression; empty while loading or for someone who may not list users. */
export function useStaffNames(): ReadonlyMap<number, StaffUser> {
  const { can } = useSession();
  const users = useUsers(can("users.manage"));
  return new Map((users.data?.items ?? []).map((user) => [user.id, user]));
}


export function patchUser(id: number, body: UserPatch): Promise<StaffUser> {
  return api<StaffUser>(`/users/${id}`, { method: "PATCH", body });
}
