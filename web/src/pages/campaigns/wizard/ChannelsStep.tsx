// Step 3: the channels, each with how many in the audience have a usable address for it (from
// the same live preview as the audience step; consent is decided later, at sending), and how
// they are used: every chosen channel, or only the first that works for each member, in an
// order the user sets.
import { ActionIcon, Checkbox, Group, Paper, Radio, Stack, Text } from "@mantine/core";
import { useFormat } from "../../../i18n/format.ts";
import { useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { SEND_CHANNELS, type ChannelMode, type SendChannel } from "./draft.ts";
import { messageFor, type StepProps } from "./stepProps.ts";
import { wizardTexts } from "./texts.ts";
import { useAudiencePreview, useAudienceRules } from "./useAudiencePreview.ts";

/** The chosen channels in their current order, a newly ticked one last. */
export function chosenInOrder(current: readonly SendChannel[], ticked: readonly string[]): SendChannel[] {
  return [...current.filter((c) => ticked.includes(c)), ...SEND_CHANNELS.filter((c) => ticked.includes(c) && !current.includes(c))];
}

/** The list with the channel at `index` swapped with its neighbour (`by` -1 up, +1 down). */
export function moved(channels: readonly SendChannel[], index: number, by: -1 | 1): SendChannel[] {
  const target = index + by;
  if (target < 0 || target >= channels.length) return [...channels];
  const next = [...channels];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

export function ChannelsStep(props: StepProps) {
  const t = useTexts(wizardTexts);
  const format = useFormat();
  const { label } = useVocabulary();
  const preview = useAudiencePreview(useAudienceRules(props.draft));
  const reachable = preview.data?.breakdown.reachable;
  const { channels, channelMode } = props.draft;
  return (
    <Stack>
      <Checkbox.Group
        label={t.channels}
        description={t.channelsHint}
        required
        value={channels}
        onChange={(value) => props.update({ channels: chosenInOrder(channels, value) })}
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
      <Radio.Group
        label={t.channelMode}
        value={channelMode}
        onChange={(value) => props.update({ channelMode: value as ChannelMode })}
        error={messageFor(t, props, ["channelOrder"], "body.channelMode")}
      >
        <Stack mt="xs" gap="sm">
          <Radio value="all" label={t.modeAll} description={t.modeAllHint} />
          <Radio value="first-available" label={t.modeFirst} description={t.modeFirstHint} />
        </Stack>
      </Radio.Group>
      {channelMode === "first-available" && channels.length > 0 ? (
        <Paper withBorder p="sm" maw={420} component="section" aria-label={t.order}>
          <Text size="sm" fw={500} mb="xs">{t.order}</Text>
          <Stack gap={6} component="ol" style={{ listStyle: "none", margin: 0, padding: 0 }}>
            {channels.map((channel, index) => {
              const name = label("channel", channel);
              return (
                <Group key={channel} component="li" justify="space-between" wrap="nowrap">
                  <Text size="sm">{`${index + 1}. ${name}`}</Text>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon variant="default" aria-label={t.moveUp(name)} disabled={index === 0} onClick={() => props.update({ channels: moved(channels, index, -1) })}>
                      ↑
                    </ActionIcon>
                    <ActionIcon
                      variant="default"
                      aria-label={t.moveDown(name)}
                      disabled={index === channels.length - 1}
                      onClick={() => props.update({ channels: moved(channels, index, 1) })}
                    >
                      ↓
                    </ActionIcon>
                  </Group>
                </Group>
              );
            })}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
