// One section of the overview: a heading (h2) and its content, or a line saying it is empty.
import { Loader, Paper, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";

export interface SectionProps {
  title: string;
  empty: string;
  isEmpty: boolean;
  isPending?: boolean;
  error?: unknown;
  children: ReactNode;
}

export function Section({ title, empty, isEmpty, isPending, error, children }: SectionProps) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {error ? <ProblemAlert error={error} /> : isPending ? <Loader size="sm" role="status" aria-label={title} /> : isEmpty ? <Text c="gray.7">{empty}</Text> : children}
    </Paper>
  );
}
