"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { errorMessage, fieldError } from "@/components/ui/errors";
import { Field, Input } from "@/components/ui/field";
import { ErrorNote, Loading } from "@/components/ui/status";
import { useTRPC } from "@/components/trpc";
import { ROLE_LABELS } from "@/components/shell/roles";

export function AcceptInviteForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const invite = useQuery(trpc.invites.describe.queryOptions({ token }, { retry: false }));
  const accept = useMutation(trpc.invites.accept.mutationOptions());
  const [signInError, setSignInError] = useState<string | null>(null);
  // The page does not say whether the e-mail has an account (that would tell whoever holds a link); the person does.
  const [hasAccount, setHasAccount] = useState(false);

  if (invite.isPending) return <Loading />;
  if (invite.isError) return <ErrorNote>{errorMessage(invite.error)}</ErrorNote>;
  const { email, projectName, role } = invite.data;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    const confirm = String(form.get("confirm") ?? "");
    if (!hasAccount && password !== confirm) {
      setSignInError("The two passwords differ.");
      return;
    }
    setSignInError(null);
    const accepted = await accept
      .mutateAsync({ token, password, name: String(form.get("name") ?? "") || undefined })
      .catch(() => null);
    if (!accepted) return;
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result || result.error) {
      setSignInError("You joined the project, but signing in failed; sign in from the sign-in page.");
      return;
    }
    // The project's front page for the role they joined with (labelers: their queues).
    router.replace(`/p/${accepted.projectId}`);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <p className="text-sm">
        Join <strong>{projectName}</strong> as <strong>{ROLE_LABELS[role]}</strong> with <strong>{email}</strong>.
      </p>
      {accept.isError && !fieldError(accept.error, "password") ? (
        <ErrorNote>{errorMessage(accept.error)}</ErrorNote>
      ) : null}
      {signInError ? <ErrorNote>{signInError}</ErrorNote> : null}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={hasAccount} onChange={(e) => setHasAccount(e.target.checked)} />I already have a
        Tightloop account with this e-mail
      </label>
      {!hasAccount ? (
        <Field label="Your name (optional)">
          <Input name="name" autoComplete="name" />
        </Field>
      ) : null}
      <Field
        label={hasAccount ? "Your existing password" : "Choose a password"}
        hint={hasAccount ? "The password you sign in with." : "At least 10 characters."}
        error={fieldError(accept.error, "password")}
      >
        <Input
          name="password"
          type="password"
          autoComplete={hasAccount ? "current-password" : "new-password"}
          required
        />
      </Field>
      {!hasAccount ? (
        <Field label="Repeat the password">
          <Input name="confirm" type="password" autoComplete="new-password" required />
        </Field>
      ) : null}
      <Button type="submit" className="w-full" disabled={accept.isPending}>
        {accept.isPending ? "Joining…" : "Join project"}
      </Button>
    </form>
  );
}
