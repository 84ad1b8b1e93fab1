// Synthetic members in the import format. Deterministic: the same seed gives the same file,
// so tests, demos and benchmarks can rely on it. All addresses use reserved example domains.
import { stringify } from "csv-stringify/sync";
import { MEMBER_COLUMNS, type MemberCsvRow } from "./csv-format.ts";
import { orgNumberCheckDigit } from "./fields.ts";
import { KNOWN_MUNICIPALITIES } from "./geography.ts";

/** mulberry32: tiny, fast, and good enough for synthetic data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = [
  "Åse", "Bjørn", "Øystein", "Kjærsti", "Ingrid", "Ola", "Kari", "Nils", "Solveig", "Håkon", "Sigrid", "Lars",
  "Marit", "Jørgen", "Tone", "Per", "Ragnhild", "Ståle", "Astrid", "Eirik", "Line", "Tor", "Hege", "Magnus",
  "Nora", "Emil", "Sofie", "Jonas", "Ida", "Mathias", "Thea", "Sindre", "Maja", "Ørjan", "Gøril", "Aslak",
  "Signe", "Trond", "Anne", "Knut", "Liv", "Geir", "Randi", "Svein", "Turid", "Ali", "Fatima", "Piotr", "Agnieszka",
];
const LAST_NAMES = [
  "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
  "Sæther", "Løken", "Bråten", "Ødegård", "Ås", "Brække", "Haugen", "Hagen", "Bakken", "Sørensen", "Strøm",
  "Dahl", "Lie", "Berg", "Moen", "Halvorsen", "Solberg", "Eriksen", "Jacobsen", "Aasen", "Næss", "Fjærli",
  "Grønvold", "Kvalø", "Østby", "Åsheim", "Mæland", "Vik", "Tangen", "Hussain", "Nowak",
];
const STREETS = [
  "Storgata", "Kirkeveien", "Skolegata", "Fjordveien", "Bjørkeveien", "Granåsen", "Løkkeveien", "Sjøgata",
  "Åsveien", "Tærudgata", "Møllevegen", "Solbakken", "Kongens gate", "Dronningens gate", "Øvre Slottsgate",
];

// Prefixes libphonenumber accepts as Norwegian mobile ranges; 45 has a few gaps, so it is left out.
const MOBILE_PREFIXES = ["40", "41", "46", "47", "48", "90", "91", "92", "93", "94", "95", "96", "97", "98", "99"];

const STATUSES: Array<[string, number]> = [
  ["active", 72], ["retired", 12], ["student", 5], ["apprentice", 2], ["unemployed", 2], ["honorary", 1], ["resigned", 6],
];
const LANGUAGES_WEIGHTED: Array<[string, number]> = [["nb", 85], ["nn", 12], ["en", 3]];

interface EmployerSeed { name: string; sector: string; agreement: string; workplaces: string[] }
const EMPLOYERS: EmployerSeed[] = [
  { name: "Skatteetaten", sector: "state", agreement: "HTA-STAT", workplaces: ["Skatteoppkreving", "Innkreving", "Brukerstøtte"] },
  { name: "Arbeids- og velferdsetaten", sector: "state", agreement: "HTA-STAT", workplaces: ["NAV-kontor", "Ytelse", "Kontaktsenter"] },
  { name: "Statens vegvesen", sector: "state", agreement: "HTA-STAT", workplaces: ["Trafikkstasjon", "Vegavdeling"] },
  { name: "Politiet", sector: "state", agreement: "HTA-STAT", workplaces: ["Politistasjon", "Forvaltning"] },
  { name: "Universitetet i Bergen", sector: "state", agreement: "HTA-STAT", workplaces: ["Administrasjon", "Bibliotek"] },
  { name: "Kriminalomsorgen", sector: "state", agreement: "HTA-STAT", workplaces: ["Fengsel", "Friomsorgskontor"] },
  { name: "Helse Bergen HF", sector: "spekter", agreement: "SPEKTER-A2-10", workplaces: ["Haukeland", "Drift"] },
  { name: "Oslo universitetssykehus HF", sector: "spekter", agreement: "SPEKTER-A2-10", workplaces: ["Ullevål", "Rikshospitalet"] },
  { name: "Avinor AS", sector: "spekter", agreement: "SPEKTER-AVINOR", workplaces: ["Lufthavn", "Hovedkontor"] },
  { name: "Norsk Tipping AS", sector: "spekter", agreement: "SPEKTER-NT", workplaces: ["Hamar"] },
  { name: "Kirkens Bymisjon", sector: "virke", agreement: "VIRKE-HUK", workplaces: ["Omsorg", "Rusomsorg"] },
  { name: "Frelsesarmeen", sector: "virke", agreement: "VIRKE-HUK", workplaces: ["Korps", "Velferd"] },
  { name: "Posten Bring AS", sector: "nho", agreement: "NHO-POST", workplaces: ["Terminal", "Kundesenter"] },
  { name: "Securitas AS", sector: "nho", agreement: "NHO-VAKT", workplaces: ["Vakt", "Kontroll"] },
  { name: "Norsk Folkehjelp", sector: "other", agreement: "ANNET-NF", workplaces: ["Region"] },
];

function pickWeighted<T>(random: () => number, items: ReadonlyArray<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = random() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function orgNumberFor(index: number): string {
  // Deterministic 8-digit stems starting with 9 (as real ones do), skipping stems with no valid check digit.
  for (let stem = 97_400_000 + index * 7919; ; stem++) {
    const check = orgNumberCheckDigit(String(stem));
    if (check !== undefined) return `${stem}${check}`;
  }
}

const EMPLOYER_ORG_NUMBERS = EMPLOYERS.map((_, i) => orgNumberFor(i));

function asciiLocal(name: string): string {
  return name.toLowerCase()
    .replaceAll("æ", "ae").replaceAll("ø", "o").replaceAll("å", "aa")
    .normalize("NFD").replace(/[^a-z]/g, "");
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** Generates one member; `index` is 0-based and member numbers start at 1000001. */
export function* generateMembers(count: number, seed: number): Generator<MemberCsvRow> {
  const random = seededRandom(seed);
  const municipalities = KNOWN_MUNICIPALITIES.map((m) => [m, m.weight] as [typeof m, number]);
  for (let i = 0; i < count; i++) {
    const status = pickWeighted(random, STATUSES);
    const firstName = pick(random, FIRST_NAMES);
    const lastName = pick(random, LAST_NAMES);
    const age = status === "retired" ? 63 + Math.floor(random() * 25)
      : status === "student" || status === "apprentice" ? 18 + Math.floor(random() * 8)
      : 22 + Math.floor(random() * 45);
    const birthYear = 2026 - age;
    const birthDate = isoDate(birthYear, 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
    const joinYear = Math.min(2026, birthYear + 18 + Math.floor(random() * Math.max(1, age - 18)));
    const joinedOn = isoDate(joinYear, 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
    const municipality = pickWeighted(random, municipalities);
    const hasEmail = random() >= 0.1;
    const hasMobile = random() >= 0.15;
    const employed = status !== "retired" && status !== "unemployed" && status !== "resigned" ? random() >= 0.05 : random() < 0.1;
    const employerIndex = Math.floor(random() * EMPLOYERS.length);
    const employer = EMPLOYERS[employerIndex]!;
    const mobile = `${pick(random, MOBILE_PREFIXES)}${String(Math.floor(random() * 1e6)).padStart(6, "0")}`;
    const countyNumber = municipality.number.slice(0, 2);
    yield {
      member_number: String(1_000_001 + i),
      first_name: firstName,
      last_name: lastName,
      birth_date: birthDate,
      email: hasEmail ? `${asciiLocal(firstName)}.${asciiLocal(lastName)}.${i + 1}@${i % 2 === 0 ? "example.no" : "example.com"}` : "",
      mobile: hasMobile ? (i % 3 === 0 ? `+47${mobile}` : mobile) : "",
      address_line: `${pick(random, STREETS)} ${1 + Math.floor(random() * 120)}`,
      postcode: pad(municipality.postcode + Math.floor(random() * 20), 4),
      city: municipality.name.toUpperCase(),
      municipality_number: municipality.number,
      status,
      joined_on: joinedOn,
      employer_org_number: employed ? EMPLOYER_ORG_NUMBERS[employerIndex]! : "",
      employer_name: employed ? employer.name : "",
      sector: employed ? employer.sector : "",
      agreement: employed ? employer.agreement : "",
      workplace: employed ? `${pick(random, employer.workplaces)} ${municipality.name}` : "",
      position: employed ? pick(random, ["Rådgiver", "Seniorrådgiver", "Konsulent", "Førstekonsulent", "Saksbehandler", "Leder", "Fagarbeider"]) : "",
      language: pickWeighted(random, LANGUAGES_WEIGHTED),
      branch: `${pick(random, ["A", "A", "B", "C"])}${countyNumber}`,
    };
  }
}

/** Yields CSV text in chunks (header first), suitable for streaming to a file or stdout. */
export function* generateMembersCsv(count: number, seed: number, rowsPerChunk = 1000): Generator<string> {
  yield stringify([MEMBER_COLUMNS as unknown as string[]]);
  let batch: string[][] = [];
  for (const row of generateMembers(count, seed)) {
    batch.push(MEMBER_COLUMNS.map((c) => row[c]));
    if (batch.length === rowsPerChunk) {
      yield stringify(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield stringify(batch);
}
