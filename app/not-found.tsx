import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="text-sm text-zinc-500">This page does not exist, or you are not a member of its project.</p>
      <Link href="/" className="text-sm text-brand-600 hover:underline">
        Back to Tightloop
      </Link>
    </main>
  );
}
