// "12 418 medlemmer på e-post og 9 902 på SMS": the counts a confirmation names, per channel.
// With channel fallback (first-available) each member gets one message: the expected split.
import type { Formatter } from "../../../i18n/format.ts";
import type { Language } from "../../../i18n/language.tsx";
import { reviewChannels, type CampaignReview } from "./reviewQuery.ts";

const words = {
  nb: { members: "medlemmer", member: "medlem", by: { email: "på e-post", sms: "på SMS", letter: "i brev" }, and: "og", nobody: "ingen medlemmer" },
  en: { members: "members", member: "member", by: { email: "by email", sms: "by SMS", letter: "by letter" }, and: "and", nobody: "no members" },
} as const;

/** The recipients per channel as one phrase; the first count names its unit ("medlemmer"). */
export function recipientsPhrase(review: CampaignReview, format: Formatter, language: Language): string {
  const w = words[language];
  const counts = review.split
    ? Object.entries(review.split.channels).filter(([channel, n]) => n > 0 && channel in w.by).map(([channel, n]) => ({ channel: channel as keyof typeof w.by, recipients: n }))
    : reviewChannels(review);
  const parts = counts.map((c, i) => {
    const unit = i === 0 ? ` ${c.recipients === 1 ? w.member : w.members}` : "";
    return `${format.number(c.recipients)}${unit} ${w.by[c.channel]}`;
  });
  if (parts.length === 0) return w.nobody;
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} ${w.and} ${parts[parts.length - 1]}`;
}
