// Every action that sends, cancels or erases goes through this: a button that opens a dialog
// saying what will happen and to how many, and only the dialog's own button does it.
import { Button, Group, Modal, Stack, Text, type ButtonProps } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { ProblemAlert } from "./ProblemAlert.tsx";
import { defineTexts, useTexts } from "../i18n/language.tsx";

const texts = defineTexts({ nb: { cancel: "Avbryt", close: "Lukk" }, en: { cancel: "Cancel", close: "Close" } });

export interface ConfirmActionProps {
  /** The button that opens the dialog. */
  label: ReactNode;
  title: string;
  /** What it will affect, in words ("Send to 12 418 members by email"). */
  message: ReactNode;
  confirmLabel: string;
  onConfirm(): Promise<unknown>;
  color?: ButtonProps["color"];
  variant?: ButtonProps["variant"];
  disabled?: boolean;
  /** Extra inputs in the dialog (a comment, a reason); the confirm button waits for `ready`. */
  children?: ReactNode;
  ready?: boolean;
}

export function ConfirmAction(props: ConfirmActionProps) {
  const t = useTexts(texts);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
      setOpen(false);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button color={props.color} variant={props.variant} disabled={props.disabled} onClick={() => setOpen(true)}>
        {props.label}
      </Button>
      <Modal opened={open} onClose={() => !busy && setOpen(false)} title={props.title} centered closeButtonProps={{ "aria-label": t.close }}>
        <Stack>
          <Text>{props.message}</Text>
          {props.children}
          <ProblemAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)} disabled={busy}>
              {t.cancel}
            </Button>
            <Button color={props.color} loading={busy} disabled={props.ready === false} onClick={() => void confirm()}>
              {props.confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
