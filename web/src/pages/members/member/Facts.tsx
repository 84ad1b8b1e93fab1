// Label and value pairs as a description list, in a responsive grid.
import { Box, Group, SimpleGrid, Text, Title } from "@mantine/core";
import { useId, type ReactNode } from "react";

export function Facts({ items, cols = 4 }: { items: Array<{ label: string; value: ReactNode }>; cols?: number }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: cols }} spacing="md" verticalSpacing="sm" m={0}>
      {items.map((item) => (
        <div key={item.label}>
          <Text component="dt" size="sm" c="gray.7">
            {item.label}
          </Text>
          <Box component="dd" m={0}>
            {item.value}
          </Box>
        </div>
      ))}
    </SimpleGrid>
  );
}

/** A section of the member page: its h2 and its content. */
export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <Box component="section" mt="xl" aria-labelledby={id}>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Box>
  );
}
