import type { Db } from "../db/client.ts";

export interface MemberSummary {
  total: number;
  byCounty: Array<{ county: string; name: string; members: number }>;
  byStatus: Record<string, number>;
}

export async function memberSummary(db: Db): Promise<MemberSummary> {
  const [byCounty, byStatus] = await Promise.all([
    db.$queryRaw<Array<{ county: string | null; name: string | null; members: bigint }>>`
      SELECT m.county_number AS county, c.name, count(*) AS members
      FROM member m LEFT JOIN county c ON c.number = m.county_number
      GROUP BY m.county_number, c.name ORDER BY m.county_number NULLS LAST`,
    db.member.groupBy({ by: ["status"], _count: { _all: true }, orderBy: { status: "asc" } }),
  ]);
  const statuses = Object.fromEntries(byStatus.map((s) => [s.status, s._count._all]));
  return {
    total: Object.values(statuses).reduce((a, b) => a + b, 0),
    byCounty: byCounty.map((r) => ({ county: r.county ?? "--", name: r.name ?? "(unknown)", members: Number(r.members) })),
    byStatus: statuses,
  };
}
