// An isolated Handlebars environment with only our helpers: no partials (so no way to pull
// in files), no `lookup`/`log`, and Handlebars' default ban on prototype access left on.
import Handlebars from "handlebars";

const dateFormats = {
  long: new Intl.DateTimeFormat("nb-NO", { timeZone: "Europe/Oslo", day: "numeric", month: "long", year: "numeric" }),
  short: new Intl.DateTimeFormat("nb-NO", { timeZone: "Europe/Oslo", day: "2-digit", month: "2-digit", year: "numeric" }),
  datetime: new Intl.DateTimeFormat("nb-NO", {
    timeZone: "Europe/Oslo", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit",
  }),
  time: new Intl.DateTimeFormat("nb-NO", { timeZone: "Europe/Oslo", hour: "2-digit", minute: "2-digit" }),
} as const;
type DateStyle = keyof typeof dateFormats;

const money = new Intl.NumberFormat("nb-NO", { style: "currency", currency: "NOK" });

/** Handlebars passes an options object as the last argument; this drops it. */
function args(raw: unknown[]): unknown[] {
  return raw.slice(0, -1);
}

// A campaign formats the same few dates (a deadline, a meeting) for every member: the results of
// strings and numbers are kept (a bounded map), since Intl formatting costs more than rendering.
const formattedDates = new Map<string, string>();

/** "26. november 2026" in Norwegian time. Unparseable input is shown as given, never thrown on. */
export function formatDate(value: unknown, style: unknown = "long"): string {
  if (value === undefined || value === null || value === "") return "";
  const key = typeof value === "string" || typeof value === "number" ? `${String(style)}\0${value}` : null;
  const known = key === null ? undefined : formattedDates.get(key);
  if (known !== undefined) return known;
  const date = value instanceof Date ? value : new Date(typeof value === "number" ? value : String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  const format = dateFormats[(typeof style === "string" && style in dateFormats ? style : "long") as DateStyle];
  const formatted = format.format(date);
  if (key !== null) {
    if (formattedDates.size >= 1000) formattedDates.clear();
    formattedDates.set(key, formatted);
  }
  return formatted;
}

/** "kr 1 234,50" (with Norwegian spacing). Non-numbers are shown as given. */
export function formatMoney(value: unknown): string {
  if (value === undefined || value === null || value === "") return "";
  const n = typeof value === "number" ? value : Number(String(value).replace(",", "."));
  return Number.isFinite(n) ? money.format(n) : String(value);
}

export const HELPERS = {
  formatDate: (...raw: unknown[]) => {
    const [value, style] = args(raw);
    return formatDate(value, style);
  },
  formatMoney: (...raw: unknown[]) => formatMoney(args(raw)[0]),
  /** `{{default data.x "fallback"}}`: the value unless it is empty. */
  default: (...raw: unknown[]) => {
    const [value, fallback] = args(raw);
    return value === undefined || value === null || value === "" ? (fallback ?? "") : value;
  },
  upper: (...raw: unknown[]) => {
    const value = args(raw)[0];
    return value === undefined || value === null ? "" : String(value).toLocaleUpperCase("nb-NO");
  },
} as const;

/** Block helpers built into Handlebars that templates may use. */
export const BUILTIN_BLOCK_HELPERS: ReadonlySet<string> = new Set(["if", "unless", "each", "with"]);
export const HELPER_NAMES: ReadonlySet<string> = new Set(Object.keys(HELPERS));

export const hbs = Handlebars.create();
// `lookup` reads arbitrary properties and `log` writes to the console: neither belongs in a template.
hbs.unregisterHelper("lookup");
hbs.unregisterHelper("log");
hbs.registerHelper(HELPERS);

const knownHelpers = Object.fromEntries([...HELPER_NAMES, ...BUILTIN_BLOCK_HELPERS].map((n) => [n, true]));

export type RenderFn = (context: unknown) => string;

/** Compiles eagerly (Handlebars compiles lazily on first call otherwise) with only known helpers. */
export function compileHandlebars(source: string, options: { escape: boolean }): RenderFn {
  const template = hbs.compile(source, {
    knownHelpers,
    knownHelpersOnly: true,
    noEscape: !options.escape,
    strict: false,
    preventIndent: true,
  });
  // Handlebars compiles on the first call; do it now so every member's render is the fast path.
  template({});
  return (context) => template(context);
}
