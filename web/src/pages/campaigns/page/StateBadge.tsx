// A campaign's state as a badge: the vocabulary's words, a coloured dot and dark text (coloured
// text on a tinted badge would not reach 4.5:1 for yellow and orange). It never shrinks to an
// ellipsis: in a narrow table cell the state must still be readable.
import { Badge } from "@mantine/core";
import { useVocabulary } from "../../../i18n/vocabulary.ts";

const COLOURS: Record<string, string> = {
  draft: "gray", awaiting_approval: "yellow", approved: "teal", needs_reapproval: "orange", scheduled: "blue",
  launching: "indigo", sending: "indigo", paused: "orange", completed: "green", cancelled: "red",
};

export function StateBadge({ state, size = "md" }: { state: string; size?: "sm" | "md" | "lg" }) {
  const vocabulary = useVocabulary();
  return (
    <Badge variant="dot" color={COLOURS[state] ?? "gray"} size={size} tt="none" style={{ flexShrink: 0, minWidth: "max-content" }}>
      {vocabulary.label("state", state)}
    </Badge>
  );
}
