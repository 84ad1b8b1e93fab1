// Step 3: the channels, each with how many in the audience have a usable address for it (from
// the same live preview as the audience step; consent is decided later, at sending).
import { Checkbox, Stack, Text } from "@mantine/core";
import { useFormat } from "../../../i18n/format.ts";
import { useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { SEND_CHANNELS, type SendChannel } from "./draft.ts";
import { messageFor, type StepProps } from "./stepProps.ts";
import { wizardTexts } from "./texts.ts";
import { useAudiencePreview, useAudienceRules } from "./useAudiencePreview.ts";

export function ChannelsStep(props: StepProps) {
  const t = useTexts(wizardTexts);
  const format = useFormat();
  const { label } = useVocabulary();
  const preview = useAudiencePreview(useAudienceRules(props.draft));
  const reachable = preview.data?.breakdown.reachable;
  return (
    <Stack>
      <Checkbox.Group
        label={t.channels}
        description={t.channelsHint}
        required
        value={props.draft.channels}
        onChange={(value) => props.update({ channels: SEND_CHANNELS.filter((c) => value.includes(c)) })}
        error={messageFor(t, props, ["channels"], "body.channels")}
      >
        <Stack mt="xs" gap="sm">
          {SEND_CHANNELS.map((channel: SendChannel) => (
            <Checkbox
              key={channel}
              value={channel}
              label={label("channel", channel)}
              description={reachable && preview.data ? t.reachable(format.number(reachable[channel]), format.number(preview.data.count)) : undefined}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      {reachable ? null : <Text size="sm" c="dimmed">{t.reachableUnknown}</Text>}
    </Stack>
  );
}
