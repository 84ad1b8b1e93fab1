// Suppressed addresses (bounces, complaints, SMS STOP, staff): list and filter them, look one
// address up, add one, lift one with a reason. Addresses are stored only as keyed hashes, so the
// list never shows one; a looked-up address goes to the API and nowhere else.
import { Alert, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import { AddSuppression } from "./parts/AddSuppression.tsx";
import { SUPPRESSIONS_KEY, type AddedSuppressionResult, type SuppressionPage } from "./parts/api.ts";
import { shownPaths, useFieldErrors } from "./parts/fieldErrors.ts";
import { SuppressionFilters, type SuppressionFilterValues } from "./parts/SuppressionFilters.tsx";
import { SuppressionTable } from "./parts/SuppressionTable.tsx";

const texts = defineTexts({
  nb: {
    title: "Sperrelister",
    hashNote: "Adressene vises aldri: Budstikke lagrer bare et kryptografisk fingeravtrykk (hash) av hver sperret adresse. Bruk «Finn adresse» for å se om en bestemt adresse er sperret.",
    created: (channel: string) => `Adressen er sperret (${channel}).`, close: "Lukk",
    existed: "Adressen var allerede sperret",
    existedDetail: (since: string) => `Sperret siden ${since}. Ingenting er endret.`,
  },
  en: {
    title: "Suppressions",
    hashNote: "Addresses are never shown: Budstikke stores only a cryptographic fingerprint (hash) of each suppressed address. Use “Find address” to see whether a given address is suppressed.",
    created: (channel: string) => `The address is suppressed (${channel}).`, close: "Close",
    existed: "The address was suppressed already",
    existedDetail: (since: string) => `Suppressed since ${since}. Nothing was changed.`,
  },
});

const PAGE_SIZE = 50;

export default function SuppressionsPage() {
  const t = useTexts(texts);
  const { can } = useSession();
  const [filters, setFilters] = useState<SuppressionFilterValues>({ channel: "all", active: "true", address: "" });
  const [added, setAdded] = useState<AddedSuppressionResult | null>(null);
  const query = useInfiniteQuery({
    queryKey: [...SUPPRESSIONS_KEY, filters],
    queryFn: ({ pageParam, signal }) =>
      // POST: an address looked up must not travel in a URL (proxy logs, history).
      api<SuppressionPage>("/suppressions/search", {
        method: "POST",
        signal,
        body: {
          channel: filters.channel === "all" ? undefined : filters.channel,
          active: filters.active === "all" ? undefined : filters.active === "true",
          address: filters.address || undefined,
          cursor: pageParam,
          limit: PAGE_SIZE,
        },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const lookupErrors = useFieldErrors(query.error);
  return (
    <>
      <PageHeader title={t.title}>{can("suppressions.write") && <AddSuppression onAdded={setAdded} />}</PageHeader>
      <Text size="sm" c="gray.7" mb="md" maw={760}>
        {t.hashNote}
      </Text>
      {added && <AddedNotice result={added} onClose={() => setAdded(null)} />}
      <SuppressionFilters value={filters} onChange={setFilters} addressError={lookupErrors.at("address")} />
      <SuppressionTable query={query} lookingUp={filters.address !== ""} canWrite={can("suppressions.write")} shownPaths={shownPaths("address")} />
    </>
  );
}

function AddedNotice({ result, onClose }: { result: AddedSuppressionResult; onClose(): void }) {
  const t = useTexts(texts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  const channel = vocabulary.label("channel", result.suppression.channel);
  return result.created ? (
    <Alert color="green" role="status" withCloseButton closeButtonLabel={t.close} onClose={onClose} mb="md">
      {t.created(channel)}
    </Alert>
  ) : (
    <Alert color="blue" role="status" title={t.existed} withCloseButton closeButtonLabel={t.close} onClose={onClose} mb="md">
      {t.existedDetail(format.dateTime(result.suppression.at))}
    </Alert>
  );
}
