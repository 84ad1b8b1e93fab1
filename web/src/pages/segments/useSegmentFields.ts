// The rule format's fields and the pickers' choices, fetched once per session: they change only
// with a deploy (fields) or an import (municipalities, agreements).
import { useQuery } from "@tanstack/react-query";
import type { SegmentFields } from "../../../../src/contracts/segments.ts";
import { api } from "../../api/client.ts";

export const SEGMENT_FIELDS_KEY = ["segments", "fields"] as const;

export function useSegmentFields() {
  return useQuery({
    queryKey: SEGMENT_FIELDS_KEY,
    queryFn: ({ signal }) => api<SegmentFields>("/segments/fields", { signal }),
    staleTime: 10 * 60_000,
  });
}
