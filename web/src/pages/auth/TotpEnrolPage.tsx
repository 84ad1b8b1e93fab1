// TOTP enrolment, required for admins and approvers before anything else works: scan the QR
// code (or type the secret), confirm with a code, then on to where the user was going.
import { Button, Code, Image, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import type { z } from "zod";
import type { TotpEnrolment } from "../../../../src/contracts/auth.ts";
import { api, fieldError } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { AuthFrame } from "./AuthFrame.tsx";

const texts = defineTexts({
  nb: {
    title: "Slå på totrinnsinnlogging", intro: "Rollen din krever en engangskode ved innlogging. Skann koden med en autentiseringsapp (for eksempel Microsoft Authenticator eller Google Authenticator).",
    qr: "QR-kode for autentiseringsappen", secret: "Eller skriv inn nøkkelen:", code: "Kode fra appen", confirm: "Bekreft", logout: "Logg ut",
  },
  en: {
    title: "Turn on two-step login", intro: "Your role needs a one-time code at login. Scan the code with an authenticator app (for example Microsoft Authenticator or Google Authenticator).",
    qr: "QR code for the authenticator app", secret: "Or type the key:", code: "Code from the app", confirm: "Confirm", logout: "Log out",
  },
});

type Enrolment = z.infer<typeof TotpEnrolment>;

export default function TotpEnrolPage() {
  const t = useTexts(texts);
  const { session, refresh, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  const [code, setCode] = useState("");
  const setup = useMutation({ mutationFn: () => api<Enrolment>("/auth/totp/setup", { method: "POST" }) });
  const confirm = useMutation({
    mutationFn: () => api("/auth/totp/confirm", { method: "POST", body: { code } }),
    onSuccess: async () => {
      await refresh();
      navigate(from, { replace: true });
    },
  });
  const { mutate: begin, isIdle } = setup;
  useEffect(() => {
    if (session?.mustEnrolTotp && isIdle) begin();
  }, [session?.mustEnrolTotp, isIdle, begin]);

  if (!session) return <Navigate to="/login" replace />;
  if (!session.mustEnrolTotp && !confirm.isPending) return <Navigate to={from} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  return (
    <AuthFrame title={t.title}>
      <Text size="sm">{t.intro}</Text>
      <ProblemAlert error={setup.error} />
      {setup.data && (
        <Stack gap="xs" align="center">
          <Image src={setup.data.qrCodeDataUrl} alt={t.qr} w={200} h={200} />
          <Text size="sm">{t.secret}</Text>
          <Code>{setup.data.secret}</Code>
        </Stack>
      )}
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t.code}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ""))}
            error={fieldError(confirm.error, "code")}
          />
          <ProblemAlert error={confirm.error} shownPaths={["code"]} />
          <Button type="submit" loading={confirm.isPending} disabled={!setup.data}>
            {t.confirm}
          </Button>
          <Button variant="subtle" onClick={() => void logout().then(() => navigate("/login", { replace: true }))}>
            {t.logout}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
