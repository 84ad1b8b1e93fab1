// The frame of every staff screen: navigation (only what the user's role may use), who is
// logged in, the language switch and logout. Without a session it sends the user to the login
// page and remembers where they were going (in router state, never in the URL).
import { AppShell, Badge, Burger, Button, Center, Group, Loader, NavLink, ScrollArea, SegmentedControl, Text, VisuallyHidden } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Suspense } from "react";
import { Navigate, NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from "react-router";
import type { Action } from "../../../src/auth/permissions.ts";
import { useSession } from "../api/session.tsx";
import { defineTexts, useLanguage, useTexts, type Language } from "../i18n/language.tsx";
import { useVocabulary } from "../i18n/vocabulary.ts";

const texts = defineTexts({
  nb: {
    skip: "Hopp til innhold", menu: "Meny", language: "Språk", logout: "Logg ut", navigation: "Hovedmeny",
    overview: "Oversikt", campaigns: "Kampanjer", approvals: "Godkjenninger", members: "Medlemmer", segments: "Segmenter",
    templates: "Maler", letters: "Brev", suppressions: "Sperrelister", newsletters: "Nyhetsbrev", organisation: "Organisasjon", users: "Brukere", tokens: "API-tokens", audit: "Revisjonslogg",
    admin: "Administrasjon",
  },
  en: {
    skip: "Skip to content", menu: "Menu", language: "Language", logout: "Log out", navigation: "Main menu",
    overview: "Overview", campaigns: "Campaigns", approvals: "Approvals", members: "Members", segments: "Segments",
    templates: "Templates", letters: "Letters", suppressions: "Suppressions", newsletters: "Newsletters", organisation: "Organisation", users: "Users", tokens: "API tokens", audit: "Audit log",
    admin: "Administration",
  },
});

type NavKey = Exclude<keyof (typeof texts)["nb"], "skip" | "menu" | "language" | "logout" | "navigation" | "admin">;
const MAIN_NAV: Array<{ key: NavKey; to: string; needs: Action }> = [
  { key: "overview", to: "/", needs: "campaigns.read" },
  { key: "campaigns", to: "/campaigns", needs: "campaigns.read" },
  { key: "approvals", to: "/approvals", needs: "campaigns.approve" },
  { key: "letters", to: "/letters", needs: "letters.read" },
  { key: "members", to: "/members", needs: "members.read" },
  { key: "segments", to: "/segments", needs: "segments.read" },
  { key: "templates", to: "/templates", needs: "templates.read" },
  // Communicators prepare issues; the page offers settings only to those with newsletters.write.
  { key: "newsletters", to: "/newsletters", needs: "newsletters.read" },
];
const ADMIN_NAV: Array<{ key: NavKey; to: string; needs: Action }> = [
  // Everyone on staff but stewards may read the settings; only admins get the form.
  { key: "organisation", to: "/admin/organisation", needs: "organisation.read" },
  { key: "suppressions", to: "/suppressions", needs: "suppressions.read" },
  { key: "users", to: "/users", needs: "users.manage" },
  { key: "tokens", to: "/tokens", needs: "tokens.manage" },
  { key: "audit", to: "/audit", needs: "audit.read" },
];

export function RequireSession() {
  const { session, loading } = useSession();
  const location = useLocation();
  if (loading) {
    return (
      <Center h="100vh">
        <Loader role="status" aria-label="Laster" />
      </Center>
    );
  }
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (session.mustEnrolTotp) return <Navigate to="/login/totp" replace state={{ from: location.pathname + location.search }} />;
  return <AppLayout />;
}

function AppLayout() {
  const t = useTexts(texts);
  const { session, can, logout } = useSession();
  const { language, setLanguage } = useLanguage();
  const vocabulary = useVocabulary();
  const navigate = useNavigate();
  const [opened, { toggle, close }] = useDisclosure(false);
  if (!session) return null;
  const link = (item: { key: NavKey; to: string }) => (
    <NavLink key={item.to} component={RouterNavLink} to={item.to} end={item.to === "/"} label={t[item.key]} onClick={close} />
  );
  const admin = ADMIN_NAV.filter((item) => can(item.needs));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">
        {t.skip}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t.menu} />
            <Text fw={700} size="lg" component="span">
              Budstikke
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" component="span" visibleFrom="sm">
              {session.user.name}
            </Text>
            <Badge variant="light" visibleFrom="sm">
              {vocabulary.label("role", session.user.role)}
            </Badge>
            <VisuallyHidden id="language-label">{t.language}</VisuallyHidden>
            <SegmentedControl
              size="xs"
              aria-labelledby="language-label"
              value={language}
              onChange={(value) => setLanguage(value as Language)}
              data={[
                { value: "nb", label: "Norsk" },
                { value: "en", label: "English" },
              ]}
            />
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                void logout().then(() => navigate("/login", { replace: true }));
              }}
            >
              {t.logout}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t.navigation} component="nav">
        <ScrollArea>
          {MAIN_NAV.filter((item) => can(item.needs)).map(link)}
          {admin.length > 0 && (
            <>
              <Text size="xs" c="dimmed" fw={700} tt="uppercase" mt="md" mb={4} px="sm">
                {t.admin}
              </Text>
              {admin.map(link)}
            </>
          )}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense
          fallback={
            <Center p="xl">
              <Loader role="status" aria-label="Laster" />
            </Center>
          }
        >
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
