// Whom a preview is for: the sample member, or a real member found by name or member number.
// The search text stays in this component's state (never in the browser's URL); each search is
// audited by the API, so it waits until the typing pauses.
import { Select, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import type { MemberPage } from "../../../../src/contracts/members.ts";
import { api } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";

const texts = defineTexts({
  nb: {
    label: "Medlem", sample: "Eksempelmedlem", placeholder: "Søk på navn eller medlemsnummer", nothing: "Ingen treff",
    help: "Velg eksempelmedlemmet eller søk opp et medlem.", onlySample: "Forhåndsvisningen bruker eksempelmedlemmet.",
    searching: "Søker …",
  },
  en: {
    label: "Member", sample: "Sample member", placeholder: "Search by name or member number", nothing: "No matches",
    help: "Choose the sample member or find a member.", onlySample: "The preview uses the sample member.",
    searching: "Searching …",
  },
});

/** Who the preview renders: null is the sample member. */
export interface PreviewMember {
  memberNumber: string;
  label: string;
}

const SAMPLE = "__sample";

export function MemberPicker({ value, onChange }: { value: PreviewMember | null; onChange(member: PreviewMember | null): void }) {
  const t = useTexts(texts);
  const { can } = useSession();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const canSearch = can("members.read");
  // After a choice the field shows the member's label; that is not a new search.
  const searching = canSearch && debounced.length >= 2 && debounced !== value?.label && debounced !== t.sample;
  const results = useQuery({
    queryKey: ["members", "search", debounced, 10],
    queryFn: ({ signal }) => api<z.infer<typeof MemberPage>>("/members/search", { method: "POST", body: { q: debounced, limit: 10 }, signal }),
    enabled: searching,
    staleTime: 30_000,
  });

  if (!canSearch) return <Text size="sm">{t.onlySample}</Text>;

  const found = (searching ? results.data?.items ?? [] : []).map((m) => ({
    value: m.memberNumber,
    label: `${m.firstName} ${m.lastName} (${m.memberNumber})`,
  }));
  const data = [
    { value: SAMPLE, label: t.sample },
    ...(value && !found.some((f) => f.value === value.memberNumber) ? [{ value: value.memberNumber, label: value.label }] : []),
    ...found,
  ];
  return (
    <Select
      label={t.label}
      description={t.help}
      placeholder={t.placeholder}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The API has already filtered by the search text (names, numbers, employers).
      filter={({ options }) => options}
      data={data}
      value={value?.memberNumber ?? SAMPLE}
      onChange={(next, option) => onChange(next && option && next !== SAMPLE ? { memberNumber: next, label: option.label } : null)}
      allowDeselect={false}
      // Typing starts a new search rather than adding to the chosen name.
      onFocus={(e) => e.currentTarget.select()}
      nothingFoundMessage={results.isFetching ? t.searching : t.nothing}
      w={360}
    />
  );
}
