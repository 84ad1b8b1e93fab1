// Where the member works, the primary employment first (the API's order).
import { Badge, Table, Text } from "@mantine/core";
import type { MemberDetail } from "../../../../../src/contracts/members.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { Section } from "./Facts.tsx";

const texts = defineTexts({
  nb: {
    title: "Arbeidsforhold", employer: "Arbeidsgiver", orgNumber: "Org.nr.", sector: "Sektor", agreement: "Avtale", workplace: "Arbeidssted",
    position: "Stilling", primary: "Hovedarbeidsforhold", none: "Ingen arbeidsforhold registrert.",
  },
  en: {
    title: "Employment", employer: "Employer", orgNumber: "Org. no.", sector: "Sector", agreement: "Agreement", workplace: "Workplace",
    position: "Position", primary: "Primary employment", none: "No employment on file.",
  },
});

export function EmploymentSection({ employments }: { employments: MemberDetail["employments"] }) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  return (
    <Section title={t.title}>
      {employments.length === 0 ? (
        <Text>{t.none}</Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.employer}</Table.Th>
                <Table.Th>{t.orgNumber}</Table.Th>
                <Table.Th>{t.sector}</Table.Th>
                <Table.Th>{t.agreement}</Table.Th>
                <Table.Th>{t.workplace}</Table.Th>
                <Table.Th>{t.position}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {employments.map((job, i) => (
                <Table.Tr key={`${job.employerOrgNumber ?? ""}-${i}`}>
                  <Table.Td>
                    {job.employerName ?? "–"}{" "}
                    {job.isPrimary && (
                      <Badge variant="light" color="indigo" c="indigo.9" tt="none" ml={4}>
                        {t.primary}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{job.employerOrgNumber ?? "–"}</Table.Td>
                  <Table.Td>{vocabulary.label("sector", job.sector)}</Table.Td>
                  <Table.Td>{job.agreement ?? "–"}</Table.Td>
                  <Table.Td>{job.workplace ?? "–"}</Table.Td>
                  <Table.Td>{job.position ?? "–"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
