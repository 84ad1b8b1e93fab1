// Step 5: when: as soon as the author confirms, or at a chosen Norwegian wall time (the offset
// of that date, CET or CEST, is added when the draft is saved; the browser's zone plays no part).
import "@mantine/dates/styles.css";
import "dayjs/locale/nb";
import { Radio, Stack, Text } from "@mantine/core";
import { DatesProvider, DateTimePicker } from "@mantine/dates";
import { useLanguage, useTexts } from "../../../i18n/language.tsx";
import { osloToday } from "./osloTime.ts";
import { messageFor, type StepProps } from "./stepProps.ts";
import { wizardTexts } from "./texts.ts";

export function ScheduleStep(props: StepProps) {
  const t = useTexts(wizardTexts);
  const { language } = useLanguage();
  const { draft, update } = props;
  return (
    <Stack maw={560}>
      <Radio.Group label={t.when} value={draft.when} onChange={(value) => update({ when: value as "now" | "later" })}>
        <Stack mt="xs" gap="xs">
          <Radio value="now" label={t.now} />
          <Radio value="later" label={t.later} />
        </Stack>
      </Radio.Group>
      {draft.when === "later" ? (
        <DatesProvider settings={{ locale: language === "nb" ? "nb" : "en", firstDayOfWeek: 1 }}>
          <DateTimePicker
            label={t.sendAt}
            description={t.osloZone}
            required
            clearable
            clearButtonProps={{ "aria-label": t.clearTime }}
            // A modal, not a popover: it has a title to be named by, and keeps focus inside.
            dropdownType="modal"
            modalProps={{ title: t.pickTitle, closeButtonProps: { "aria-label": t.close } }}
            nextLabel={t.nextMonth}
            previousLabel={t.previousMonth}
            submitButtonProps={{ "aria-label": t.useTime }}
            // Mantine's red weekend numbers are 3.3:1 on white; the week starts on Monday anyway.
            weekendDays={[]}
            valueFormat={language === "nb" ? "D. MMMM YYYY [kl.] HH:mm" : "D MMMM YYYY HH:mm"}
            minDate={osloToday()}
            value={draft.sendAtWall}
            onChange={(value) => update({ sendAtWall: value })}
            error={messageFor(t, props, ["sendAt", "sendAtPast"], "body.sendAt")}
          />
        </DatesProvider>
      ) : null}
      {draft.channels.includes("sms") ? <Text size="sm" c="dimmed">{t.quiet}</Text> : null}
    </Stack>
  );
}
