// Loading and failure of a query, the same on every screen.
import { Center, Loader } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ProblemAlert } from "./ProblemAlert.tsx";

export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) {
    return (
      <Center p="xl">
        <Loader role="status" aria-label="Laster" />
      </Center>
    );
  }
  if (query.isError) return <ProblemAlert error={query.error} />;
  return <>{children(query.data)}</>;
}
