// Field messages for the admin forms. The API names a field bare ("address", from a service) or
// under "body." ("body.address", from a route's schema check): a field shows either. The API
// speaks English; the messages these forms meet are said in Norwegian here, any other passes as is.
import { ApiError, issuesAt } from "../../../api/client.ts";
import { useLanguage } from "../../../i18n/language.tsx";

const NB: Array<[RegExp, string | ((...groups: string[]) => string)]> = [
  [/^must be an email address$/, "må være en e-postadresse"],
  [/^must be a phone number/, "må være et telefonnummer (norsk, eller med landkode som +47)"],
  [/^cannot be normalised$/, "er verken en e-postadresse eller et telefonnummer"],
  [/^required$/, "må fylles ut"],
  [/^must not be empty$/, "må fylles ut"],
  [/^is taken$/, "er allerede i bruk"],
  [/^must be at least (\d+) characters$/, (n) => `må ha minst ${n} tegn`],
  [/^must be 1-40 lowercase letters/, "bruk 1–40 små bokstaver a–z, sifre eller bindestrek, og begynn med en bokstav eller et siffer"],
  [/^give at least one employer or branch$/, "en tillitsvalgt må ha minst én arbeidsgiver eller avdeling"],
  [/^(.*): must be 9 digits$/, (org) => `${org}: organisasjonsnummeret må ha 9 sifre`],
  [/^(.*): has a wrong check digit$/, (org) => `${org}: organisasjonsnummeret har feil kontrollsiffer`],
  [/^must be a branch code without spaces/, "avdelingskoden kan ikke ha mellomrom (maks 40 tegn)"],
  [/^must be a whole number of days from 1 to 3650$/, "må være et helt antall dager fra 1 til 3650"],
  // The organisation settings (src/contracts/organisation.ts name the field first).
  [/^(?:name|shortName|address line) is required$/, "må fylles ut"],
  [/^(?:name|shortName|address line): at most (\d+) characters$/, (n) => `kan ha høyst ${n} tegn`],
  [/ may not contain \{\{ or \}\}$/, "kan ikke inneholde {{ eller }}"],
  [/^shortName must be one word/, "må være ett ord uten mellomrom (det står først i hver SMS som sendes fra et nummer)"],
  [/^brandColour must be a colour/, "må være en farge på formen #c8102e"],
  [/^at most 4 address lines$/, "høyst 4 adresselinjer"],
  [/^contactEmail must be an email address$/, "må være en e-postadresse"],
  [/^contactPhone must be a phone number/, "må være et telefonnummer, som 22 00 00 00 eller +47 22 00 00 00"],
  [/^orgNumber must be a valid Norwegian organisation number/, "må være et gyldig organisasjonsnummer (9 sifre, riktig kontrollsiffer)"],
  [/^privacyUrl must be an absolute URL$/, "må være en fullstendig adresse, som https://ntl.no/personvern"],
  [/^privacyUrl must start with https:\/\/ or http:\/\/$/, "må begynne med https:// eller http://"],
];

function inNorwegian(message: string): string {
  for (const [pattern, text] of NB) {
    const match = pattern.exec(message);
    if (match) return typeof text === "string" ? text : text(...match.slice(1));
  }
  return message;
}

export interface FieldErrors {
  /** The first message exactly at a field, for Mantine's `error` prop. */
  at(path: string): string | undefined;
  /** Every message at or under a field (a list: "scope.employers[1]"), joined. */
  under(path: string): string | undefined;
}

export function useFieldErrors(error: unknown): FieldErrors {
  const { language } = useLanguage();
  const say = (messages: string[]) => {
    const said = [...new Set(messages.map((m) => (language === "nb" ? inNorwegian(m) : m)))];
    return said.length > 0 ? said.join(" · ") : undefined;
  };
  return {
    at: (path) => say([...issuesAt(error, path, true), ...issuesAt(error, `body.${path}`, true)].slice(0, 1)),
    under: (path) => say([...issuesAt(error, path), ...issuesAt(error, `body.${path}`)]),
  };
}

/** The paths a form shows next to its fields (both spellings), for ProblemAlert's shownPaths. */
export function shownPaths(...paths: string[]): string[] {
  return paths.flatMap((path) => [path, `body.${path}`]);
}

/**
 * The error for the form's ProblemAlert: null when it is a 400 whose every issue already shows
 * at a field (the alert would only repeat "invalid input").
 */
export function unshownProblem(error: unknown, paths: readonly string[]): unknown {
  if (!(error instanceof ApiError) || error.status !== 400 || error.issues.length === 0) return error;
  const shown = (path: string) => paths.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  return error.issues.every((issue) => shown(issue.path)) ? null : error;
}
