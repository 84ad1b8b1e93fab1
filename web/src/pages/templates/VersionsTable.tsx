// Every saved version of a template; any of them can be opened to read (or save again as the newest).
import { Badge, Button, Table, Text } from "@mantine/core";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import type { TemplateDetail } from "./draft.ts";

const texts = defineTexts({
  nb: {
    version: "Versjon", saved: "Lagret", action: "Vis", show: (v: number) => `Vis versjon ${v}`, shown: "Vises", latest: "Nyeste",
    dirty: "Lagre eller forkast endringene før du åpner en annen versjon.",
  },
  en: {
    version: "Version", saved: "Saved", action: "Show", show: (v: number) => `Show version ${v}`, shown: "Shown", latest: "Latest",
    dirty: "Save or discard your changes before opening another version.",
  },
});

export function VersionsTable({ detail, onShow, dirty }: { detail: TemplateDetail; onShow(version: number | null): void; dirty: boolean }) {
  const t = useTexts(texts);
  const format = useFormat();
  const latest = Math.max(...detail.versions.map((v) => v.version));
  const versions = [...detail.versions].sort((a, b) => b.version - a.version);
  return (
    <>
      {dirty ? (
        <Text size="sm" c="dimmed" mb="xs">
          {t.dirty}
        </Text>
      ) : null}
      <Table.ScrollContainer minWidth={400} maxHeight={320}>
        <Table verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t.version}</Table.Th>
              <Table.Th>{t.saved}</Table.Th>
              <Table.Th>{t.action}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>
                  {v.version}{" "}
                  {v.version === latest ? (
                    <Badge size="sm" variant="light" color="gray" c="dark">
                      {t.latest}
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>{format.dateTime(v.createdAt)}</Table.Td>
                <Table.Td>
                  {v.version === detail.version ? (
                    <Text size="sm" fw={600}>
                      {t.shown}
                    </Text>
                  ) : (
                    <Button size="compact-sm" variant="default" disabled={dirty} onClick={() => onShow(v.version === latest ? null : v.version)}>
                      {t.show(v.version)}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
