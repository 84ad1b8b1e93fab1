// One member: who they are, how they can be reached, where they work, what they have said about
// consent, which addresses are blocked, what was sent to them and why (the art. 15 history), and
// every delivery attempt. Opening it is audited by the API. The heading and the document title
// name the member number, not the name: titles end up in the browser's history.
import { Alert, Anchor, Paper, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import type { MemberDetail } from "../../../../src/contracts/members.ts";
import { api, ApiError } from "../../api/client.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import { ConsentSection } from "./member/ConsentSection.tsx";
import { ContactSection } from "./member/ContactSection.tsx";
import { DeliverySection } from "./member/DeliverySection.tsx";
import { EmploymentSection } from "./member/EmploymentSection.tsx";
import { Facts } from "./member/Facts.tsx";
import { HistorySection } from "./member/HistorySection.tsx";
import { MemberActions } from "./member/MemberActions.tsx";
import { SuppressionSection } from "./member/SuppressionSection.tsx";

const texts = defineTexts({
  nb: {
    title: (n: string) => `Medlem ${n}`,
    notFound: "Fant ikke medlemmet (eller du har ikke tilgang)",
    notFoundDetail: "Ingen medlem med dette medlemsnummeret er tilgjengelig for deg.",
    back: "Tilbake til medlemssøket",
    name: "Navn", number: "Medlemsnummer", status: "Status", language: "Språk", joined: "Innmeldt", branch: "Avdeling",
    municipality: "Kommune / fylke", birthDate: "Fødselsdato",
  },
  en: {
    title: (n: string) => `Member ${n}`,
    notFound: "Member not found (or you do not have access)",
    notFoundDetail: "No member with this member number is available to you.",
    back: "Back to member search",
    name: "Name", number: "Member number", status: "Status", language: "Language", joined: "Joined", branch: "Branch",
    municipality: "Municipality / county", birthDate: "Birth date",
  },
});

export default function MemberPage() {
  const t = useTexts(texts);
  const number = useParams().number ?? "";
  const query = useQuery({
    queryKey: ["member", number],
    queryFn: ({ signal }) => api<MemberDetail>(`/members/${encodeURIComponent(number)}`, { signal }),
    // Each opening is audited: do not ask again just because the window regained focus.
    staleTime: 60_000,
  });
  const notFound = query.error instanceof ApiError && query.error.status === 404;
  return (
    <>
      <PageHeader title={t.title(number)}>{query.data && <MemberActions member={query.data} />}</PageHeader>
      {notFound ? (
        // The title as plain bold text: Mantine's yellow alert title is 2.7:1 on its background.
        <Alert color="yellow" role="alert">
          <Text fw={700}>{t.notFound}</Text>
          <Text size="sm">{t.notFoundDetail}</Text>
          <Anchor component={Link} to="/members" size="sm">
            {t.back}
          </Anchor>
        </Alert>
      ) : (
        <QueryState query={query}>{(member) => <MemberView member={member} />}</QueryState>
      )}
    </>
  );
}

function MemberView({ member }: { member: MemberDetail }) {
  return (
    <>
      <Identity member={member} />
      <ContactSection contact={member.contact} />
      <EmploymentSection employments={member.employments} />
      <ConsentSection consent={member.consent} />
      <SuppressionSection suppressions={member.suppressions} />
      <HistorySection memberNumber={member.memberNumber} />
      <DeliverySection deliveries={member.deliveries} />
    </>
  );
}

function Identity({ member }: { member: MemberDetail }) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  const format = useFormat();
  const place = (p: { number: string; name: string | null } | null) => (p ? `${p.name ?? p.number} (${p.number})` : null);
  const region = [place(member.municipality), place(member.county)].filter(Boolean).join(" / ");
  return (
    <Paper withBorder p="md">
      <Facts
        items={[
          { label: t.name, value: <Text fw={600}>{`${member.firstName} ${member.lastName}`}</Text> },
          { label: t.number, value: member.memberNumber },
          { label: t.status, value: vocabulary.label("memberStatus", member.status) },
          { label: t.language, value: vocabulary.label("language", member.language) },
          { label: t.joined, value: format.date(member.joinedOn) },
          { label: t.branch, value: member.branch ?? "–" },
          { label: t.municipality, value: region || "–" },
          { label: t.birthDate, value: format.date(member.birthDate) },
        ]}
      />
    </Paper>
  );
}
