// The overview's line about newsletters whose latest schedule slot sent nothing (no prepared
// issue, no template), with a link to the newsletter's page where an issue can be prepared.
import { Alert, Anchor, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { useSession } from "../../api/session.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import { useSkippedSlots } from "./newsletter/newsletterApi.ts";

const texts = defineTexts({
  nb: { title: "Nyhetsbrev som ikke ble sendt", skipped: (when: string, why: string) => `Ikke sendt ${when}: ${why}.` },
  en: { title: "Newsletters not sent", skipped: (when: string, why: string) => `Not sent ${when}: ${why}.` },
});

export function NewsletterSkippedSlots() {
  const t = useTexts(texts);
  const format = useFormat();
  const { label } = useVocabulary();
  const { can } = useSession();
  const query = useSkippedSlots(can("newsletters.read"));
  const items = query.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Alert color="yellow" title={t.title} role="status">
      <Stack gap={4}>
        {items.map((slot) => (
          <Text key={slot.newsletterId} size="sm">
            <Anchor component={Link} to={`/newsletters/${slot.newsletterId}`}>{slot.newsletterName}</Anchor>{" "}
            {t.skipped(format.dateTime(slot.slotAt), label("newsletterSkipReason", slot.reason))}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
