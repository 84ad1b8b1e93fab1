// campaigns/:id/history: who did what with a campaign, for anyone who may read it.
import { campaignHistory } from "../../../campaigns/history.ts";
import { CampaignHistorySchema } from "../../../contracts/campaign-history.ts";
import { IdParams, PROBLEM_RESPONSES } from "../../../contracts/common.ts";
import { actorOf, type ApiRoutes } from "../context.ts";

export const campaignHistoryRoutes: ApiRoutes = (app, deps) => {
  app.get(
    "/campaigns/:id/history",
    {
      config: { action: "campaigns.read" },
      schema: {
        tags: ["campaigns"],
        summary: "The campaign's audit entries, oldest first, with the staff user's name (or \"system\")",
        params: IdParams,
        response: { 200: CampaignHistorySchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => campaignHistory(deps, actorOf(request), request.params.id),
  );
};
