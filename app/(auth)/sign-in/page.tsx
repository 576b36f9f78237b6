import type { Metadata } from "next";
import { Suspense } from "react";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default function SignInPage() {
  const e = env();
  return (
    <AuthCard title="Sign in" subtitle="Use the account your admin created or invited.">
      <Suspense>
        <SignInForm oidcName={e.OIDC_ISSUER ? (e.OIDC_NAME ?? "single sign-on") : null} />
      </Suspense>
    </AuthCard>
  );
}
