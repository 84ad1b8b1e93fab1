// The demo's union: a fictional one, so every message and member page of the demo shows a
// believable sender without naming a real organisation. 999 999 999 passes the mod-11 check and
// is obviously made up; the .example domain cannot exist.
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { systemActor } from "../auth/actor.ts";
import { saveOrganisationSettings, uploadOrganisationLogo } from "../organisation/settings.ts";

export const DEMO_ORGANISATION = {
  name: "Fjordunionen",
  shortName: "Fjordunionen",
  brandColour: "#0b6e4f",
  addressLines: ["Postboks 2026 Sentrum", "0104 OSLO"],
  contactEmail: "post@fjordunionen.example",
  contactPhone: "22 00 20 26",
  orgNumber: "999999999",
  privacyUrl: "https://fjordunionen.example/personvern",
};

/** A wave over a fjord, in the brand colour. */
const DEMO_LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
<rect width="64" height="64" rx="12" fill="#0b6e4f"/>
<path d="M8 40 L22 18 L32 32 L40 22 L56 40 Z" fill="#ffffff"/>
<path d="M8 46 C16 42 24 50 32 46 C40 42 48 50 56 46 L56 52 C48 56 40 48 32 52 C24 56 16 48 8 52 Z" fill="#9fe0c8"/>
</svg>`;

/** Gives the demo its union unless the operator named their own (ORG_NAME). */
export async function ensureDemoOrganisation(deps: { db: Db; config: Config; clock: Clock }): Promise<void> {
  if (deps.config.ORG_NAME) return;
  const actor = systemActor("demo");
  await saveOrganisationSettings(deps, actor, DEMO_ORGANISATION);
  await uploadOrganisationLogo(deps, actor, Buffer.from(DEMO_LOGO));
}
