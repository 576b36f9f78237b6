"use client";

import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/status";
import { safeCallback } from "./safe-callback";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong e-mail or password.",
  TooManyAttempts: "Too many failed sign-ins. Wait 15 minutes and try again.",
  AccessDenied: "Your identity provider did not share a verified e-mail address.",
};

export function SignInForm({ oidcName }: { oidcName: string | null }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(params.get("error"));
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      setError(result?.error ?? "CredentialsSignin");
      return;
    }
    // Only a path of this origin is followed after sign-in (no open redirect).
    router.replace(safeCallback(params.get("callbackUrl"), window.location.origin));
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error ? <ErrorNote>{MESSAGES[error] ?? "Sign-in failed. Try again."}</ErrorNote> : null}
      <Field label="E-mail">
        <Input name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field label="Password">
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      {oidcName ? (
        <Button variant="secondary" className="w-full" onClick={() => void signIn("oidc", { callbackUrl: "/" })}>
          Continue with {oidcName}
        </Button>
      ) : null}
    </form>
  );
}
