// A member a public link may still act for: one that exists and is not erased. Every page that a
// member's link opens asks this first, and treats "no" like an unknown link.
import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Language } from "./fields.ts";

export async function liveMember(db: Pick<Db, "member" | "erasedMember"> | Prisma.TransactionClient, memberId: number): Promise<{ language: Language } | null> {
  const member = await db.member.findUnique({ where: { id: memberId }, select: { language: true } });
  if (!member || (await db.erasedMember.findUnique({ where: { memberId } }))) return null;
  return member;
}
