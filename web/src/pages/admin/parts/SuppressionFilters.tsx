// The list's filters: channel, active or lifted, and a lookup of one address. The address goes
// to the API as a query parameter only: it never enters the browser's URL or history.
import { Button, Group, Input, SegmentedControl, Select, Stack, TextInput } from "@mantine/core";
import { useId, useState, type FormEvent } from "react";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";

const texts = defineTexts({
  nb: {
    channel: "Kanal", allChannels: "Alle kanaler", status: "Status", active: "Aktive", lifted: "Opphevet", all: "Alle",
    lookup: "Finn adresse", lookupForm: "Oppslag på én adresse", lookupHint: "E-postadresse eller mobilnummer", search: "Søk", clear: "Vis alle adresser",
  },
  en: {
    channel: "Channel", allChannels: "All channels", status: "Status", active: "Active", lifted: "Lifted", all: "All",
    lookup: "Find address", lookupForm: "Look up one address", lookupHint: "Email address or mobile number", search: "Search", clear: "Show all addresses",
  },
});

export type ChannelFilter = "all" | "email" | "sms";
export type ActiveFilter = "true" | "false" | "all";

export interface SuppressionFilterValues {
  channel: ChannelFilter;
  active: ActiveFilter;
  /** The looked-up address ("" for none). */
  address: string;
}

export function SuppressionFilters({ value, onChange, addressError }: { value: SuppressionFilterValues; onChange(next: SuppressionFilterValues): void; addressError?: string }) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  const statusId = useId();
  const [draft, setDraft] = useState(value.address);
  const search = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...value, address: draft.trim() });
  };
  return (
    <Group align="flex-end" gap="lg" mb="md" wrap="wrap">
      <Select
        label={t.channel}
        w={170}
        data={[{ value: "all", label: t.allChannels }, ...vocabulary.options("channel", ["email", "sms"])]}
        value={value.channel}
        onChange={(channel) => channel && onChange({ ...value, channel: channel as ChannelFilter })}
        allowDeselect={false}
      />
      <Stack gap={0}>
        <Input.Label labelElement="div" id={statusId}>
          {t.status}
        </Input.Label>
        <SegmentedControl
          aria-labelledby={statusId}
          value={value.active}
          onChange={(active) => onChange({ ...value, active: active as ActiveFilter })}
          data={[
            { value: "true", label: t.active },
            { value: "false", label: t.lifted },
            { value: "all", label: t.all },
          ]}
        />
      </Stack>
      <form onSubmit={search} noValidate role="search" aria-label={t.lookupForm}>
        <Group align="flex-start" gap="xs" wrap="nowrap">
          <TextInput
            label={t.lookup}
            placeholder={t.lookupHint}
            w={280}
            autoComplete="off"
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            error={addressError}
          />
          <Button type="submit" variant="default" mt={25}>
            {t.search}
          </Button>
          {value.address && (
            <Button
              variant="subtle"
              mt={25}
              onClick={() => {
                setDraft("");
                onChange({ ...value, address: "" });
              }}
            >
              {t.clear}
            </Button>
          )}
        </Group>
      </form>
    </Group>
  );
}
