// Every screen and its path. Screens load on demand (one chunk each), so the login and the
// overview stay small; the editors (CodeMirror) and charts load only where they are used.
import type { ComponentType } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";
import { RequireSession } from "./layout/AppLayout.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { RouteError } from "./pages/RouteError.tsx";

type PageModule = { default: ComponentType };
const page = (load: () => Promise<PageModule>): Pick<RouteObject, "lazy"> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

// While the first screen's chunk loads (the router starts before it has a component to show).
function Loading() {
  return null;
}

export const routes: RouteObject[] = [{ HydrateFallback: Loading, errorElement: <RouteError />, children: [
  { path: "/login", ...page(() => import("./pages/auth/LoginPage.tsx")) },
  { path: "/login/totp", ...page(() => import("./pages/auth/TotpEnrolPage.tsx")) },
  { path: "/setup", ...page(() => import("./pages/auth/SetupPage.tsx")) },
  {
    element: <RequireSession />,
    children: [
      { path: "/", ...page(() => import("./pages/overview/OverviewPage.tsx")) },
      { path: "/members", ...page(() => import("./pages/members/MembersPage.tsx")) },
      { path: "/members/:number", ...page(() => import("./pages/members/MemberPage.tsx")) },
      { path: "/segments", ...page(() => import("./pages/segments/SegmentsPage.tsx")) },
      { path: "/segments/new", ...page(() => import("./pages/segments/SegmentEditorPage.tsx")) },
      { path: "/segments/:id", ...page(() => import("./pages/segments/SegmentEditorPage.tsx")) },
      { path: "/templates", ...page(() => import("./pages/templates/TemplatesPage.tsx")) },
      { path: "/templates/new", ...page(() => import("./pages/templates/TemplateEditorPage.tsx")) },
      { path: "/templates/:id", ...page(() => import("./pages/templates/TemplateEditorPage.tsx")) },
      { path: "/campaigns", ...page(() => import("./pages/campaigns/CampaignsPage.tsx")) },
      { path: "/campaigns/new", ...page(() => import("./pages/campaigns/CampaignWizardPage.tsx")) },
      { path: "/campaigns/:id", ...page(() => import("./pages/campaigns/CampaignPage.tsx")) },
      { path: "/campaigns/:id/edit", ...page(() => import("./pages/campaigns/CampaignWizardPage.tsx")) },
      { path: "/approvals", ...page(() => import("./pages/campaigns/ApprovalsPage.tsx")) },
      { path: "/approvals/:id", ...page(() => import("./pages/campaigns/ApprovalReviewPage.tsx")) },
      { path: "/letters", ...page(() => import("./pages/letters/LettersPage.tsx")) },
      { path: "/suppressions", ...page(() => import("./pages/admin/SuppressionsPage.tsx")) },
      { path: "/newsletters", ...page(() => import("./pages/admin/NewslettersPage.tsx")) },
      { path: "/newsletters/:id", ...page(() => import("./pages/admin/NewsletterPage.tsx")) },
      { path: "/users", ...page(() => import("./pages/admin/UsersPage.tsx")) },
      { path: "/tokens", ...page(() => import("./pages/admin/TokensPage.tsx")) },
      { path: "/audit", ...page(() => import("./pages/admin/AuditPage.tsx")) },
      { path: "/admin/organisation", ...page(() => import("./pages/admin/OrganisationPage.tsx")) },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
] }];

export function createRouter() {
  return createBrowserRouter(routes);
}
