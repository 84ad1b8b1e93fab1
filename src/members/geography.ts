// Norwegian geography as of 1 January 2024 (SSB classifications 104 and 131).

export const COUNTIES = [
  { number: "03", name: "Oslo" },
  { number: "11", name: "Rogaland" },
  { number: "15", name: "Møre og Romsdal" },
  { number: "18", name: "Nordland" },
  { number: "31", name: "Østfold" },
  { number: "32", name: "Akershus" },
  { number: "33", name: "Buskerud" },
  { number: "34", name: "Innlandet" },
  { number: "39", name: "Vestfold" },
  { number: "40", name: "Telemark" },
  { number: "42", name: "Agder" },
  { number: "46", name: "Vestland" },
  { number: "50", name: "Trøndelag" },
  { number: "55", name: "Troms" },
  { number: "56", name: "Finnmark" },
] as const;

export type CountyNumber = (typeof COUNTIES)[number]["number"];

const countyByNumber = new Map<string, string>(COUNTIES.map((c) => [c.number, c.name]));
const countyByName = new Map<string, string>(COUNTIES.map((c) => [c.name.toLocaleLowerCase("nb"), c.number]));

export function countyName(number: string): string | undefined {
  return countyByNumber.get(number);
}

/** Accepts "46" or "Vestland" (any case) and returns the county number. */
export function resolveCounty(numberOrName: string): string | undefined {
  const trimmed = numberOrName.trim();
  if (countyByNumber.has(trimmed)) return trimmed;
  return countyByName.get(trimmed.toLocaleLowerCase("nb"));
}

/** A municipality number is 4 digits whose first two are a 2024 county. */
export function isMunicipalityNumber(value: string): boolean {
  return /^\d{4}$/.test(value) && countyByNumber.has(value.slice(0, 2));
}

/**
 * A selection of real 2024 municipalities, with a typical postcode for each. Used to give
 * names to municipality numbers and by the synthetic member generator; numbers outside this
 * list are accepted and kept without a name (never guessed).
 */
export const KNOWN_MUNICIPALITIES: ReadonlyArray<{ number: string; name: string; postcode: number; weight: number }> = [
  { number: "0301", name: "Oslo", postcode: 150, weight: 120 },
  { number: "1103", name: "Stavanger", postcode: 4006, weight: 25 },
  { number: "1108", name: "Sandnes", postcode: 4306, weight: 12 },
  { number: "1106", name: "Haugesund", postcode: 5501, weight: 7 },
  { number: "1149", name: "Karmøy", postcode: 4250, weight: 5 },
  { number: "1101", name: "Eigersund", postcode: 4370, weight: 2 },
  { number: "1508", name: "Ålesund", postcode: 6002, weight: 10 },
  { number: "1506", name: "Molde", postcode: 6413, weight: 5 },
  { number: "1505", name: "Kristiansund", postcode: 6509, weight: 4 },
  { number: "1520", name: "Ørsta", postcode: 6150, weight: 2 },
  { number: "1804", name: "Bodø", postcode: 8006, weight: 10 },
  { number: "1806", name: "Narvik", postcode: 8514, weight: 4 },
  { number: "1833", name: "Rana", postcode: 8622, weight: 4 },
  { number: "1865", name: "Vågan", postcode: 8305, weight: 2 },
  { number: "3107", name: "Fredrikstad", postcode: 1606, weight: 12 },
  { number: "3105", name: "Sarpsborg", postcode: 1706, weight: 8 },
  { number: "3103", name: "Moss", postcode: 1530, weight: 6 },
  { number: "3101", name: "Halden", postcode: 1767, weight: 4 },
  { number: "3201", name: "Bærum", postcode: 1338, weight: 18 },
  { number: "3203", name: "Asker", postcode: 1384, weight: 13 },
  { number: "3205", name: "Lillestrøm", postcode: 2000, weight: 13 },
  { number: "3207", name: "Nordre Follo", postcode: 1410, weight: 9 },
  { number: "3301", name: "Drammen", postcode: 3015, weight: 14 },
  { number: "3303", name: "Kongsberg", postcode: 3611, weight: 4 },
  { number: "3305", name: "Ringerike", postcode: 3510, weight: 4 },
  { number: "3403", name: "Hamar", postcode: 2317, weight: 6 },
  { number: "3405", name: "Lillehammer", postcode: 2609, weight: 6 },
  { number: "3407", name: "Gjøvik", postcode: 2815, weight: 5 },
  { number: "3401", name: "Kongsvinger", postcode: 2211, weight: 3 },
  { number: "3905", name: "Tønsberg", postcode: 3111, weight: 8 },
  { number: "3907", name: "Sandefjord", postcode: 3210, weight: 7 },
  { number: "3909", name: "Larvik", postcode: 3256, weight: 6 },
  { number: "3901", name: "Horten", postcode: 3181, weight: 3 },
  { number: "4003", name: "Skien", postcode: 3714, weight: 7 },
  { number: "4001", name: "Porsgrunn", postcode: 3915, weight: 5 },
  { number: "4005", name: "Notodden", postcode: 3674, weight: 2 },
  { number: "4204", name: "Kristiansand", postcode: 4608, weight: 15 },
  { number: "4203", name: "Arendal", postcode: 4836, weight: 6 },
  { number: "4202", name: "Grimstad", postcode: 4876, weight: 3 },
  { number: "4601", name: "Bergen", postcode: 5003, weight: 40 },
  { number: "4627", name: "Askøy", postcode: 5300, weight: 4 },
  { number: "4626", name: "Øygarden", postcode: 5353, weight: 4 },
  { number: "4621", name: "Voss", postcode: 5700, weight: 2 },
  { number: "4640", name: "Sogndal", postcode: 6856, weight: 2 },
  { number: "4647", name: "Sunnfjord", postcode: 6800, weight: 3 },
  { number: "5001", name: "Trondheim", postcode: 7010, weight: 30 },
  { number: "5035", name: "Stjørdal", postcode: 7500, weight: 4 },
  { number: "5006", name: "Steinkjer", postcode: 7713, weight: 4 },
  { number: "5007", name: "Namsos", postcode: 7800, weight: 3 },
  { number: "5025", name: "Røros", postcode: 7374, weight: 1 },
  { number: "5501", name: "Tromsø", postcode: 9008, weight: 12 },
  { number: "5503", name: "Harstad", postcode: 9405, weight: 4 },
  { number: "5601", name: "Alta", postcode: 9510, weight: 3 },
  { number: "5603", name: "Hammerfest", postcode: 9600, weight: 2 },
  { number: "5605", name: "Sør-Varanger", postcode: 9900, weight: 2 },
  { number: "5607", name: "Vadsø", postcode: 9800, weight: 1 },
];

const municipalityNames = new Map(KNOWN_MUNICIPALITIES.map((m) => [m.number, m.name]));

export function knownMunicipalityName(number: string): string | undefined {
  return municipalityNames.get(number);
}
