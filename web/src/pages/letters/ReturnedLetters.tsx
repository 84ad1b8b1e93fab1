// Returned letters ("retur til avsender"): staff type or paste the member numbers, and those
// members' postal addresses are marked invalid, so no letter goes there again until the address
// is updated. The answer names every number: marked, already invalid, no address, unknown.
import { Alert, Button, Group, List, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { parseMemberNumbers, recordReturned, type ReturnedResult } from "./api.ts";

const MAX_NUMBERS = 10_000;

const texts = defineTexts({
  nb: {
    title: "Returpost",
    intro: "Brev som kommer i retur: medlemmenes postadresse merkes som ugyldig, og de får ikke brev før adressen er rettet.",
    numbers: "Medlemsnummer", numbersHint: "Ett per linje.", record: "Registrer returpost",
    count: (n: string) => `${n} medlemsnummer`, tooMany: (max: string) => `Høyst ${max} om gangen.`,
    result: "Returpost registrert",
    marked: (n: string) => `Adressen merket som ugyldig: ${n}`,
    alreadyInvalid: (n: string) => `Allerede merket som ugyldig: ${n}`,
    noAddress: (n: string) => `Har ingen postadresse: ${n}`,
    unknown: (n: string) => `Ukjente medlemsnummer: ${n}`,
    close: "Lukk",
  },
  en: {
    title: "Returned letters",
    intro: "Letters that come back: the members' postal addresses are marked invalid, and they get no letters until the address is corrected.",
    numbers: "Member numbers", numbersHint: "One per line.", record: "Record returned letters",
    count: (n: string) => `${n} member numbers`, tooMany: (max: string) => `At most ${max} at a time.`,
    result: "Returned letters recorded",
    marked: (n: string) => `Address marked invalid: ${n}`,
    alreadyInvalid: (n: string) => `Already marked invalid: ${n}`,
    noAddress: (n: string) => `No postal address on file: ${n}`,
    unknown: (n: string) => `Unknown member numbers: ${n}`,
    close: "Close",
  },
});

export function ReturnedLetters() {
  const t = useTexts(texts);
  const format = useFormat();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<ReturnedResult | null>(null);
  const numbers = parseMemberNumbers(text);
  const tooMany = numbers.length > MAX_NUMBERS;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (numbers.length === 0 || tooMany) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await recordReturned(numbers));
      setText("");
      // Member pages show the address as invalid now.
      void queryClient.invalidateQueries({ queryKey: ["member"] });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm" component="section" aria-labelledby="returned-letters">
      <Title order={2} size="h4" id="returned-letters">
        {t.title}
      </Title>
      <Text size="sm" c="gray.7" maw={760}>
        {t.intro}
      </Text>
      <form onSubmit={(event) => void submit(event)}>
        <Stack gap="xs" maw={420}>
          <Textarea
            label={t.numbers}
            description={t.numbersHint}
            descriptionProps={{ c: "gray.7" }}
            rows={6}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            error={tooMany ? t.tooMany(format.number(MAX_NUMBERS)) : undefined}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          />
          <Group justify="space-between">
            <Text size="sm" c="gray.7" role="status">
              {numbers.length > 0 ? t.count(format.number(numbers.length)) : null}
            </Text>
            <Button type="submit" loading={busy} disabled={numbers.length === 0 || tooMany}>
              {t.record}
            </Button>
          </Group>
        </Stack>
      </form>
      <ProblemAlert error={error} />
      {result && <ReturnedOutcome result={result} onClose={() => setResult(null)} />}
    </Stack>
  );
}

function ReturnedOutcome({ result, onClose }: { result: ReturnedResult; onClose(): void }) {
  const t = useTexts(texts);
  const format = useFormat();
  const groups: Array<[string[], (n: string) => string]> = [
    [result.marked, t.marked],
    [result.alreadyInvalid, t.alreadyInvalid],
    [result.noAddress, t.noAddress],
    [result.unknown, t.unknown],
  ];
  const problems = result.unknown.length > 0 || result.noAddress.length > 0;
  return (
    <Alert
      color={problems ? "yellow" : "green"}
      title={t.result}
      role="status"
      withCloseButton
      closeButtonLabel={t.close}
      onClose={onClose}
      maw={760}
      styles={{ title: { color: "var(--mantine-color-text)" } }}
    >
      <List size="sm" spacing={4}>
        {groups
          .filter(([numbers]) => numbers.length > 0)
          .map(([numbers, label]) => (
            <List.Item key={label(format.number(numbers.length))}>
              <Text span fw={600} size="sm">
                {label(format.number(numbers.length))}
              </Text>
              <Text size="sm" ff="monospace" style={{ overflowWrap: "anywhere" }}>
                {numbers.join(", ")}
              </Text>
            </List.Item>
          ))}
      </List>
    </Alert>
  );
}
