// members/:number/history: what was sent to a member, why, and what they had chosen at the time
// (GDPR art. 15), the same entries as the member's own history page. Audited in the service.
import { PROBLEM_RESPONSES } from "../../../contracts/common.ts";
import { MemberHistorySchema } from "../../../contracts/history.ts";
import { MemberNumberParams } from "../../../contracts/members.ts";
import { memberHistoryForStaff } from "../../../history/service.ts";
import { actorOf, type ApiRoutes } from "../context.ts";

export const memberHistoryRoutes: ApiRoutes = (app, deps) => {
  app.get(
    "/members/:number/history",
    {
      config: { action: "members.history" },
      schema: {
        tags: ["members"],
        summary: "Every message that left for the member (sent, delivered, bounced), newest first, with why and the consent choice at the time",
        description:
          "Deliveries older than RETENTION_DELIVERIES_DAYS are reduced to counts and not listed (retentionDays says how many days are kept). " +
          "Audited as a read of the member's personal data.",
        params: MemberNumberParams,
        response: { 200: MemberHistorySchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => memberHistoryForStaff(deps, actorOf(request), request.params.number),
  );
};
