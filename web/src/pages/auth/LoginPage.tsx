// Login: email and password, then the TOTP code when the account has one (the server says so
// with an issue at `totp`). Afterwards back to where the user was going, or to the overview.
import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { ApiError, fieldError } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { AuthFrame } from "./AuthFrame.tsx";

const texts = defineTexts({
  nb: {
    title: "Logg inn", email: "E-post", password: "Passord", totp: "Engangskode fra autentiseringsappen", submit: "Logg inn",
    expired: "Økten din er utløpt. Logg inn igjen for å fortsette der du var.", totpHint: "Skriv inn den sekssifrede koden.",
    failed: "Feil e-post, passord eller kode.", showPassword: "Vis passordet",
  },
  en: {
    title: "Log in", email: "Email", password: "Password", totp: "One-time code from the authenticator app", submit: "Log in",
    expired: "Your session has expired. Log in again to continue where you were.", totpHint: "Enter the six-digit code.",
    failed: "Wrong email, password or code.", showPassword: "Show the password",
  },
});

export default function LoginPage() {
  const t = useTexts(texts);
  const { session, login, expired } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  const [needsTotp, setNeedsTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (session && !busy) return <Navigate to={session.mustEnrolTotp ? "/login/totp" : from} replace state={{ from }} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const next = await login({ email, password, ...(needsTotp ? { totp } : {}) });
      navigate(next.mustEnrolTotp ? "/login/totp" : from, { replace: true, state: { from } });
    } catch (caught) {
      const totpAsked = caught instanceof ApiError && caught.status === 401 && caught.issues.some((i) => i.path === "totp" && i.message === "required");
      if (totpAsked && !needsTotp) setNeedsTotp(true);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const unauthenticated = error instanceof ApiError && error.status === 401;
  return (
    <AuthFrame title={t.title}>
      {expired && !error && (
        <Alert color="yellow" role="status">
          {t.expired}
        </Alert>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <TextInput label={t.email} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, "email")} />
          <PasswordInput label={t.password} visibilityToggleButtonProps={{ "aria-label": t.showPassword }} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(error, "password")} />
          {needsTotp && (
            <TextInput
              label={t.totp}
              description={t.totpHint}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
              autoFocus
              value={totp}
              onChange={(e) => setTotp(e.currentTarget.value.replace(/\D/g, ""))}
            />
          )}
          {unauthenticated ? (
            <Alert color="red" role="alert">
              {t.failed}
            </Alert>
          ) : (
            <ProblemAlert error={error} shownPaths={["email", "password"]} />
          )}
          <Button type="submit" loading={busy}>
            {t.submit}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
