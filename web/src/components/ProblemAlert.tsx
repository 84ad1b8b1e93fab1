// An API error in words: the problem's title and detail, and the field issues that no form
// field on the screen shows itself (pass the paths the form does show in `shownPaths`).
import { Alert, List } from "@mantine/core";
import { ApiError, withoutPart } from "../api/client.ts";
import { defineTexts, useTexts } from "../i18n/language.tsx";

const texts = defineTexts({
  nb: { title: "Det gikk ikke", network: "Fikk ikke kontakt med serveren. Prøv igjen.", forbidden: "Du har ikke tilgang til dette." },
  en: { title: "That did not work", network: "Could not reach the server. Try again.", forbidden: "You do not have access to this." },
});

export function ProblemAlert({ error, shownPaths = [] }: { error: unknown; shownPaths?: readonly string[] }) {
  const t = useTexts(texts);
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    return <Alert color="red" title={t.title} role="alert">{t.network}</Alert>;
  }
  const shown = (issuePath: string) => {
    const path = withoutPart(issuePath);
    return shownPaths.map(withoutPart).some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  };
  const rest = error.issues.filter((issue) => !shown(issue.path));
  const detail = error.status === 403 && !error.problem?.detail ? t.forbidden : error.message;
  return (
    <Alert color="red" title={error.problem?.title ?? t.title} role="alert">
      {detail}
      {rest.length > 0 && (
        <List size="sm" mt="xs">
          {rest.map((issue, i) => (
            <List.Item key={i}>
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
              {issue.line !== undefined ? ` (${issue.line}:${issue.column ?? 1})` : null}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
