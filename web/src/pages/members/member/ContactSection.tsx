// The member's email, mobile and postal address, each with whether it can be used and since
// when it has been marked unusable (a bounce, a wrong number, a returned letter).
import { Group, Table, Text } from "@mantine/core";
import type { MemberDetail } from "../../../../../src/contracts/members.ts";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { ContactStateBadge, type ContactState } from "../ContactBadges.tsx";

type ContactKind = "email" | "mobile" | "address";
import { Section } from "./Facts.tsx";

const texts = defineTexts({
  nb: {
    title: "Kontaktinformasjon", point: "Kontaktpunkt", value: "Verdi", state: "Status",
    email: "E-post", mobile: "Mobil", address: "Postadresse", invalidSince: (date: string) => `ugyldig siden ${date}`, none: "Ingen registrert",
  },
  en: {
    title: "Contact information", point: "Contact point", value: "Value", state: "Status",
    email: "Email", mobile: "Mobile", address: "Postal address", invalidSince: (date: string) => `invalid since ${date}`, none: "None on file",
  },
});

export function ContactSection({ contact }: { contact: MemberDetail["contact"] }) {
  const t = useTexts(texts);
  const address = contact.address;
  const addressText = [address.line, [address.postcode, address.city].filter(Boolean).join(" "), address.country !== "NO" ? address.country : null]
    .filter(Boolean)
    .join(", ");
  const rows: Array<{ kind: ContactKind; label: string; value: string | null; state: ContactState; invalidAt: string | null }> = [
    { kind: "email", label: t.email, value: contact.email.address, state: contact.email.state, invalidAt: contact.email.invalidAt },
    { kind: "mobile", label: t.mobile, value: contact.mobile.number, state: contact.mobile.state, invalidAt: contact.mobile.invalidAt },
    { kind: "address", label: t.address, value: addressText || null, state: address.state, invalidAt: address.invalidAt },
  ];
  return (
    <Section title={t.title}>
      <Table.ScrollContainer minWidth={600}>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={160}>{t.point}</Table.Th>
              <Table.Th>{t.value}</Table.Th>
              <Table.Th w={320}>{t.state}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <ContactRow key={row.kind} {...row} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

function ContactRow(props: { kind: ContactKind; label: string; value: string | null; state: ContactState; invalidAt: string | null }) {
  const t = useTexts(texts);
  const format = useFormat();
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={500}>
        {props.label}
      </Table.Th>
      <Table.Td>{props.value ?? <Text c="gray.7" span>{t.none}</Text>}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <ContactStateBadge state={props.state} />
          {props.invalidAt && (
            <Text size="sm" span>
              {t.invalidSince(format.date(props.invalidAt))}
            </Text>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
