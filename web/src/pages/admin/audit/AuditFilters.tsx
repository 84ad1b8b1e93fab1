// The audit trail's filters, applied together when the form is sent: action (exact, or a prefix
// ending in '.'), who did it, what it was done to, and a range of Oslo calendar days.
import { Button, Group, Select, SimpleGrid, TextInput } from "@mantine/core";
import { DateInput, DatesProvider } from "@mantine/dates";
import "@mantine/dates/styles.css";
import "dayjs/locale/nb";
import { useState, type FormEvent } from "react";
import type { StaffUser } from "./AuditTable.tsx";
import { fieldError } from "../../../api/client.ts";
import { defineTexts, useLanguage, useTexts } from "../../../i18n/language.tsx";
import { parseDay } from "./osloDay.ts";

export interface AuditFilterValues {
  action: string;
  actorId: string | null;
  targetType: string;
  targetId: string;
  /** Calendar days, YYYY-MM-DD, both included. */
  from: string | null;
  to: string | null;
}

// Mantine's description colour ("dimmed", #868e96) is 3.3:1 on white; this grey reads at 8:1.
const DESCRIPTION = { c: "gray.7" };

export const NO_FILTERS: AuditFilterValues = { action: "", actorId: null, targetType: "", targetId: "", from: null, to: null };

const texts = defineTexts({
  nb: {
    action: "Handling", actionHint: "Nøyaktig, f.eks. members.view, eller alt som begynner med noe som slutter på punktum, f.eks. campaign.",
    actor: "Utført av", actorPlaceholder: "Alle", targetType: "Måltype", targetTypeHint: "F.eks. member, campaign, staff_user",
    targetId: "Mål-ID", targetIdHint: "Id-en i systemet (ikke medlemsnummeret)",
    from: "Fra og med dato", to: "Til og med dato", dateHint: "DD.MM.ÅÅÅÅ, norsk tid",
    apply: "Bruk filter", reset: "Nullstill", clearFrom: "Tøm fra-dato", clearTo: "Tøm til-dato",
  },
  en: {
    action: "Action", actionHint: "Exact, e.g. members.view, or everything starting with text that ends in a full stop, e.g. campaign.",
    actor: "Done by", actorPlaceholder: "Anyone", targetType: "Target type", targetTypeHint: "E.g. member, campaign, staff_user",
    targetId: "Target id", targetIdHint: "The id in the system (not the member number)",
    from: "From date (inclusive)", to: "To date (inclusive)", dateHint: "DD.MM.YYYY, Norwegian time",
    apply: "Apply filters", reset: "Reset", clearFrom: "Clear from date", clearTo: "Clear to date",
  },
});

export function AuditFilters(props: { applied: AuditFilterValues; onApply(values: AuditFilterValues): void; users: StaffUser[] | null; error: unknown }) {
  const t = useTexts(texts);
  const { language } = useLanguage();
  const [values, setValues] = useState<AuditFilterValues>(props.applied);
  const set = <K extends keyof AuditFilterValues>(key: K, value: AuditFilterValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const error = (...paths: string[]) => paths.map((p) => fieldError(props.error, p)).find(Boolean);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onApply({ ...values, action: values.action.trim(), targetType: values.targetType.trim(), targetId: values.targetId.trim() });
  };
  const reset = () => {
    setValues(NO_FILTERS);
    props.onApply(NO_FILTERS);
  };
  return (
    <DatesProvider settings={{ locale: language === "nb" ? "nb" : "en", firstDayOfWeek: 1 }}>
      <form onSubmit={submit}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" verticalSpacing="sm">
          <TextInput
            label={t.action}
            description={t.actionHint}
            descriptionProps={DESCRIPTION}
            value={values.action}
            onChange={(e) => set("action", e.currentTarget.value)}
            maxLength={100}
            error={error("action", "querystring.action")}
          />
          {props.users && (
            <Select
              label={t.actor}
              placeholder={t.actorPlaceholder}
              data={props.users.map((u) => ({ value: String(u.id), label: `${u.name} (${u.email})` }))}
              value={values.actorId}
              onChange={(value) => set("actorId", value)}
              searchable
              clearable
              error={error("actorId", "querystring.actorId")}
            />
          )}
          <TextInput
            label={t.targetType}
            description={t.targetTypeHint}
            descriptionProps={DESCRIPTION}
            value={values.targetType}
            onChange={(e) => set("targetType", e.currentTarget.value)}
            maxLength={50}
            error={error("targetType", "querystring.targetType")}
          />
          <TextInput
            label={t.targetId}
            description={t.targetIdHint}
            descriptionProps={DESCRIPTION}
            value={values.targetId}
            onChange={(e) => set("targetId", e.currentTarget.value)}
            maxLength={100}
            error={error("targetId", "querystring.targetId")}
          />
          <DateInput
            label={t.from}
            description={t.dateHint}
            descriptionProps={DESCRIPTION}
            value={values.from}
            onChange={(value) => set("from", value)}
            valueFormat="DD.MM.YYYY"
            dateParser={parseDay}
            clearable
            clearButtonProps={{ "aria-label": t.clearFrom }}
            error={error("from", "querystring.from")}
          />
          <DateInput
            label={t.to}
            description={t.dateHint}
            descriptionProps={DESCRIPTION}
            value={values.to}
            onChange={(value) => set("to", value)}
            valueFormat="DD.MM.YYYY"
            dateParser={parseDay}
            minDate={values.from ?? undefined}
            clearable
            clearButtonProps={{ "aria-label": t.clearTo }}
            error={error("to", "querystring.to")}
          />
        </SimpleGrid>
        <Group mt="md" gap="xs">
          <Button type="submit">{t.apply}</Button>
          <Button variant="default" onClick={reset}>
            {t.reset}
          </Button>
        </Group>
      </form>
    </DatesProvider>
  );
}
