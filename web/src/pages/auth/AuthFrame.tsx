// The narrow centred card the login, TOTP enrolment and setup pages share.
import { Center, Paper, Stack, Text, Title } from "@mantine/core";
import { useEffect, type ReactNode } from "react";

export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Budstikke`;
  }, [title]);
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={400} maw="100%">
        <Stack>
          <Text fw={700} size="lg" c="indigo.8">
            Budstikke
          </Text>
          <Title order={1} size="h3">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
