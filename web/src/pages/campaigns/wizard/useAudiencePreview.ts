// The live count of the audience the wizard has chosen: a saved segment's version (its rules
// fetched once) or the campaign's own rules, through POST /segments/preview (inside a steward's
// scope, as the server applies it). Shared by the audience and channel steps (one query key).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { SegmentPreview, SegmentView } from "../../../../../src/contracts/segments.ts";
import type { Rule } from "../../../../../src/segments/rules.ts";
import { api } from "../../../api/client.ts";
import type { Draft } from "./draft.ts";

export function useSegment(segmentId: number | null) {
  return useQuery({
    queryKey: ["segment", segmentId],
    queryFn: ({ signal }) => api<SegmentView>(`/segments/${segmentId}`, { signal }),
    enabled: segmentId !== null,
    staleTime: 60_000,
  });
}

/** The rules the draft's audience stands for, or null while there are none (or they are loading). */
export function useAudienceRules(draft: Pick<Draft, "audience" | "segmentId" | "segmentVersion" | "rules">): Rule | null {
  const segment = useSegment(draft.audience === "segment" ? draft.segmentId : null);
  if (draft.audience === "rules") return draft.rules;
  const versions = segment.data?.versions ?? [];
  const version = versions.find((v) => v.version === draft.segmentVersion) ?? versions[0];
  return (version?.rules as Rule | undefined) ?? null;
}

/** Waits until the value has stopped changing for `ms` (typing in the rule editor). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function useAudiencePreview(rules: Rule | null) {
  const key = useSettled(rules === null ? null : JSON.stringify(rules), 400);
  return useQuery({
    queryKey: ["segment-preview", key],
    queryFn: ({ signal }) => api<SegmentPreview>("/segments/preview", { method: "POST", body: { rules: JSON.parse(key!) as unknown }, signal }),
    enabled: key !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
