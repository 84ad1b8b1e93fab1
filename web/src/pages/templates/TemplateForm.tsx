// The template's fields: name and purpose, then a tab per channel (and one for sample data),
// inside each channel a tab per language. Save problems appear at their field; a tab with
// problems says how many.
import { Alert, Badge, Button, Group, JsonInput, List, Select, Stack, Tabs, Text, TextInput } from "@mantine/core";
import type { Dispatch, ReactNode, SetStateAction } from "react";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import { CodeEditor } from "./CodeEditor.tsx";
import {
  CHANNELS, emptyBody, emptyEmail, LANGUAGES,
  type BodyFields, type Channel, type Draft, type EmailFields, type Purpose, type TemplateLanguage, type Variants,
} from "./draft.ts";
import { at, channelLeftovers, languageLeftovers, under, type FieldIssue } from "./issues.ts";

const texts = defineTexts({
  nb: {
    name: "Navn", purpose: "Formål", purposeFixed: "Formålet kan ikke endres på en lagret mal. Lag en ny mal for et annet formål.",
    channels: "Kanaler", languages: "Språk", sampleData: "Eksempeldata",
    sampleDataLabel: "Eksempeldata (JSON)",
    sampleDataHelp: "Verdier for {{data.*}} når malen vises for eksempelmedlemmet, og i sjekken av SMS-lengde.",
    invalidJson: "Ikke gyldig JSON", problems: (n: number) => (n === 1 ? "1 feil" : `${n} feil`),
    missing: { email: "Malen sendes ikke som e-post.", sms: "Malen sendes ikke som SMS.", letter: "Malen sendes ikke som brev." },
    add: { email: "Legg til e-post", sms: "Legg til SMS", letter: "Legg til brev" },
    remove: { email: "Fjern e-post fra malen", sms: "Fjern SMS fra malen", letter: "Fjern brev fra malen" },
    fallback: (language: string) => `Ingen tekst på ${language.toLowerCase()}: medlemmer med ${language.toLowerCase()} som språk får bokmålsteksten.`,
    write: (language: string) => `Skriv ${language.toLowerCase()} tekst`,
    drop: (language: string) => `Fjern ${language.toLowerCase()} tekst`,
    subject: "Emne", mjml: "MJML", text: "Ren tekst (valgfri)",
    textHelp: "Tom: ren tekst lages fra HTML-en. Handlebars som i MJML.",
    mjmlHelp: "MJML med Handlebars, f.eks. {{member.firstName}}. Avmeldingslenken legges til automatisk.",
    smsBody: "SMS-tekst", smsHelp: "Handlebars, f.eks. {{member.firstName}}. «Svar STOPP» legges til automatisk.",
    letterBody: "Brevtekst", letterHelp: "«# » og «## » gir overskrifter, «- » punkter, tom linje mellom avsnitt.",
    returnLine: "Returadresse", returnLineHelp: "Den lille avsenderlinjen over mottakeren i konvoluttvinduet.",
    place: "Sted", placeHelp: "Skrives foran datoen, f.eks. Oslo.",
  },
  en: {
    name: "Name", purpose: "Purpose", purposeFixed: "The purpose of a saved template cannot change. Make a new template for another purpose.",
    channels: "Channels", languages: "Languages", sampleData: "Sample data",
    sampleDataLabel: "Sample data (JSON)",
    sampleDataHelp: "Values for {{data.*}} when the template is shown for the sample member, and in the SMS length check.",
    invalidJson: "Not valid JSON", problems: (n: number) => (n === 1 ? "1 problem" : `${n} problems`),
    missing: { email: "The template is not sent by email.", sms: "The template is not sent by SMS.", letter: "The template is not sent by letter." },
    add: { email: "Add email", sms: "Add SMS", letter: "Add letter" },
    remove: { email: "Remove email from the template", sms: "Remove SMS from the template", letter: "Remove letter from the template" },
    fallback: (language: string) => `No ${language} text: members whose language is ${language} get the Bokmål text.`,
    write: (language: string) => `Write the ${language} text`,
    drop: (language: string) => `Remove the ${language} text`,
    subject: "Subject", mjml: "MJML", text: "Plain text (optional)",
    textHelp: "Empty: the plain text is made from the HTML. Handlebars as in the MJML.",
    mjmlHelp: "MJML with Handlebars, e.g. {{member.firstName}}. The unsubscribe link is added automatically.",
    smsBody: "SMS text", smsHelp: "Handlebars, e.g. {{member.firstName}}. “Reply STOP” is added automatically.",
    letterBody: "Letter text", letterHelp: "“# ” and “## ” make headings, “- ” list items, a blank line between paragraphs.",
    returnLine: "Return line", returnLineHelp: "The small sender line above the recipient in the envelope window.",
    place: "Place", placeHelp: "Printed before the date, e.g. Oslo.",
  },
});

export type EditorTab = Channel | "sampleData";

export interface TemplateFormProps {
  draft: Draft;
  setDraft: Dispatch<SetStateAction<Draft>>;
  issues: FieldIssue[];
  /** Shown at the sample data field: it is checked here before the API sees it. */
  sampleDataError?: string | null;
  readOnly: boolean;
  isNew: boolean;
  tab: EditorTab;
  onTab(tab: EditorTab): void;
  language: TemplateLanguage;
  onLanguage(language: TemplateLanguage): void;
}

const messages = (issues: FieldIssue[]) => (issues.length > 0 ? issues.map((i) => i.message).join(" ") : undefined);

function ProblemCount({ count }: { count: number }) {
  const t = useTexts(texts);
  if (count === 0) return null;
  return (
    <Badge color="red" size="sm" variant="filled">
      {t.problems(count)}
    </Badge>
  );
}

function Leftovers({ issues }: { issues: FieldIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <Alert color="red" variant="light">
      <List size="sm">
        {issues.map((issue, i) => (
          <List.Item key={i}>{issue.message}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

export function TemplateForm(props: TemplateFormProps) {
  const t = useTexts(texts);
  const { label, options } = useVocabulary();
  const { draft, setDraft, issues, readOnly } = props;
  return (
    <Stack>
      <Group align="flex-start" grow>
        <TextInput
          label={t.name}
          required={!readOnly}
          value={draft.name}
          readOnly={readOnly}
          maxLength={200}
          onChange={(e) => {
            const name = e.currentTarget.value;
            setDraft((d) => ({ ...d, name }));
          }}
          error={messages(at(issues, "name"))}
        />
        <Select
          label={t.purpose}
          required={!readOnly}
          data={options("purpose")}
          value={draft.purpose}
          readOnly={readOnly || !props.isNew}
          description={props.isNew || readOnly ? undefined : t.purposeFixed}
          onChange={(value) => setDraft((d) => ({ ...d, purpose: value as Purpose | null }))}
          error={messages(at(issues, "purpose"))}
          allowDeselect={false}
        />
      </Group>
      <Tabs value={props.tab} onChange={(v) => v && props.onTab(v as EditorTab)} keepMounted={false}>
        <Tabs.List aria-label={t.channels}>
          {CHANNELS.map((c) => (
            <Tabs.Tab key={c} value={c} rightSection={<ProblemCount count={under(issues, c).length} />}>
              {label("channel", c)}
            </Tabs.Tab>
          ))}
          <Tabs.Tab value="sampleData" rightSection={<ProblemCount count={under(issues, "sampleData").length + (props.sampleDataError ? 1 : 0)} />}>
            {t.sampleData}
          </Tabs.Tab>
        </Tabs.List>
        {CHANNELS.map((c) => (
          <Tabs.Panel key={c} value={c} pt="md">
            <ChannelPanel channel={c} {...props} />
          </Tabs.Panel>
        ))}
        <Tabs.Panel value="sampleData" pt="md">
          <JsonInput
            label={t.sampleDataLabel}
            description={t.sampleDataHelp}
            value={draft.sampleData}
            readOnly={readOnly}
            onChange={(sampleData) => setDraft((d) => ({ ...d, sampleData }))}
            validationError={t.invalidJson}
            formatOnBlur
            autosize
            minRows={8}
            maxRows={24}
            error={props.sampleDataError ?? messages(under(issues, "sampleData"))}
          />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function ChannelPanel(props: TemplateFormProps & { channel: Channel }) {
  const t = useTexts(texts);
  const { label } = useVocabulary();
  const { channel, draft, setDraft, issues, readOnly } = props;
  const used = draft[channel] !== null;
  if (!used) {
    return (
      <Stack align="flex-start">
        <Text>{t.missing[channel]}</Text>
        <Leftovers issues={channelLeftovers(issues, channel)} />
        {readOnly ? null : (
          <Button variant="light" onClick={() => setDraft((d) => addChannel(d, channel))}>
            {t.add[channel]}
          </Button>
        )}
      </Stack>
    );
  }
  const letter = channel === "letter" ? draft.letter : null;
  return (
    <Stack>
      <Leftovers issues={channelLeftovers(issues, channel)} />
      {letter ? (
        <Group grow align="flex-start">
          <TextInput
            label={t.returnLine}
            description={t.returnLineHelp}
            required={!readOnly}
            value={letter.returnLine}
            readOnly={readOnly}
            maxLength={120}
            onChange={(e) => {
              const returnLine = e.currentTarget.value;
              setDraft((d) => ({ ...d, letter: d.letter && { ...d.letter, returnLine } }));
            }}
            error={messages(at(issues, "letter.returnLine"))}
          />
          <TextInput
            label={t.place}
            description={t.placeHelp}
            required={!readOnly}
            value={letter.place}
            readOnly={readOnly}
            maxLength={60}
            onChange={(e) => {
              const place = e.currentTarget.value;
              setDraft((d) => ({ ...d, letter: d.letter && { ...d.letter, place } }));
            }}
            error={messages(at(issues, "letter.place"))}
          />
        </Group>
      ) : null}
      <Tabs value={props.language} onChange={(v) => v && props.onLanguage(v as TemplateLanguage)} variant="outline" keepMounted={false}>
        <Tabs.List aria-label={t.languages}>
          {LANGUAGES.map((l) => (
            <Tabs.Tab key={l} value={l} rightSection={<ProblemCount count={under(issues, `${channel}.${l}`).length} />}>
              {label("language", l)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {LANGUAGES.map((l) => (
          <Tabs.Panel key={l} value={l} pt="md">
            <LanguagePanel {...props} language={l} />
          </Tabs.Panel>
        ))}
      </Tabs>
      {readOnly ? null : (
        <Group>
          <Button variant="subtle" color="red" onClick={() => setDraft((d) => ({ ...d, [channel]: null }))}>
            {t.remove[channel]}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function addChannel(draft: Draft, channel: Channel): Draft {
  if (channel === "email") return { ...draft, email: { nb: emptyEmail(), nn: null, en: null } };
  if (channel === "sms") return { ...draft, sms: { nb: emptyBody(), nn: null, en: null } };
  return { ...draft, letter: { nb: emptyBody(), nn: null, en: null, returnLine: "", place: "" } };
}

/** One language of one channel: its fields, or (nn, en) the choice to write one. */
function LanguagePanel(props: TemplateFormProps & { channel: Channel }) {
  const t = useTexts(texts);
  const { label } = useVocabulary();
  const { channel, language, draft, setDraft, readOnly, issues } = props;
  const variants = draft[channel] as Variants<EmailFields | BodyFields>;
  const variant = variants[language];
  const name = label("language", language);
  const setVariant = (next: EmailFields | BodyFields | null) =>
    setDraft((d) => {
      const current = d[channel];
      return current ? { ...d, [channel]: { ...current, [language]: next } } : d;
    });
  if (variant === null) {
    return (
      <Stack align="flex-start">
        <Text>{t.fallback(name)}</Text>
        {readOnly ? null : (
          <Button variant="light" onClick={() => setVariant(structuredClone(variants.nb))}>
            {t.write(name)}
          </Button>
        )}
      </Stack>
    );
  }
  const path = (field: string) => `${channel}.${language}.${field}`;
  const code = (field: string) => at(issues, path(field));
  let fields: ReactNode;
  if (channel === "email") {
    const email = variant as EmailFields;
    fields = (
      <>
        <TextInput
          label={t.subject}
          required={!readOnly}
          value={email.subject}
          readOnly={readOnly}
          maxLength={500}
          onChange={(e) => setVariant({ ...email, subject: e.currentTarget.value })}
          error={messages(at(issues, path("subject")))}
        />
        <CodeEditor
          label={t.mjml}
          description={t.mjmlHelp}
          value={email.mjml}
          onChange={(mjml) => setVariant({ ...email, mjml })}
          diagnostics={code("mjml")}
          readOnly={readOnly}
          minHeight={260}
        />
        <CodeEditor
          label={t.text}
          description={t.textHelp}
          mode="text"
          value={email.text}
          onChange={(text) => setVariant({ ...email, text })}
          diagnostics={code("text")}
          readOnly={readOnly}
          minHeight={80}
        />
      </>
    );
  } else {
    const body = variant as BodyFields;
    fields = (
      <CodeEditor
        label={channel === "sms" ? t.smsBody : t.letterBody}
        description={channel === "sms" ? t.smsHelp : t.letterHelp}
        mode="text"
        value={body.body}
        onChange={(text) => setVariant({ body: text })}
        diagnostics={code("body")}
        readOnly={readOnly}
        minHeight={channel === "sms" ? 80 : 240}
      />
    );
  }
  return (
    <Stack>
      <Leftovers issues={languageLeftovers(issues, channel, language)} />
      {fields}
      {language !== "nb" && !readOnly ? (
        <Group>
          <Button variant="subtle" color="red" onClick={() => setVariant(null)}>
            {t.drop(name)}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
