// The first password from a one-time setup link (/setup#TOKEN: the token is in the fragment,
// so it never reaches a server log). Then on to the login.
import { Alert, Anchor, Button, PasswordInput, Stack } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, fieldError } from "../../api/client.ts";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { AuthFrame } from "./AuthFrame.tsx";

const texts = defineTexts({
  nb: {
    title: "Velg passord", password: "Nytt passord", hint: "Minst 12 tegn. En setning du husker er et godt passord.", repeat: "Gjenta passordet",
    mismatch: "Passordene er ikke like.", submit: "Lagre passord", done: "Passordet er lagret.", login: "Logg inn", noToken: "Lenken er ufullstendig. Be administratoren om en ny.", showPassword: "Vis passordet",
  },
  en: {
    title: "Choose a password", password: "New password", hint: "At least 12 characters. A sentence you remember makes a good password.", repeat: "Repeat the password",
    mismatch: "The passwords differ.", submit: "Save password", done: "The password is saved.", login: "Log in", noToken: "The link is incomplete. Ask the administrator for a new one.", showPassword: "Show the password",
  },
});

export default function SetupPage() {
  const t = useTexts(texts);
  const token = window.location.hash.slice(1);
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const setup = useMutation({ mutationFn: () => api("/auth/setup", { method: "POST", body: { token, password } }) });
  const mismatch = repeat.length > 0 && repeat !== password;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mismatch) setup.mutate();
  };
  if (setup.isSuccess) {
    return (
      <AuthFrame title={t.title}>
        <Alert color="green" role="status">
          {t.done}
        </Alert>
        <Anchor component={Link} to="/login">
          {t.login}
        </Anchor>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title={t.title}>
      {!token && <Alert color="red">{t.noToken}</Alert>}
      <form onSubmit={submit} noValidate>
        <Stack>
          <PasswordInput label={t.password} visibilityToggleButtonProps={{ "aria-label": t.showPassword }} description={t.hint} autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(setup.error, "password")} />
          <PasswordInput label={t.repeat} visibilityToggleButtonProps={{ "aria-label": t.showPassword }} autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? t.mismatch : undefined} />
          <ProblemAlert error={setup.error} shownPaths={["password"]} />
          <Button type="submit" loading={setup.isPending} disabled={!token || mismatch}>
            {t.submit}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
