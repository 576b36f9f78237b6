import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const modulePatterns = [
  {
    group: ["next", "next/*", "@trpc/*", "react", "react-dom", "next-auth", "next-auth/*"],
    message: "Domain modules stay transport- and UI-free.",
  },
  {
    group: ["**/simulation", "**/simulation/*", "@/server/simulation/*"],
    message: "The demo world plugs in through server/plugins.ts and the simulated-provider port, never by import.",
  },
  {
    group: ["**/jobs/*", "!**/jobs/queue"],
    message: "Modules send jobs through the JobQueue port (server/jobs/queue.ts) and import no job.",
  },
  { group: ["pg"], message: "Modules write SQL with Kysely (`Sql` in server/db.ts); only server/db uses the driver." },
];

const moduleSyntax = [
  {
    selector: "MemberExpression[property.name=/^\\$(queryRaw|executeRaw)(Unsafe)?$/]",
    message: "One typed way to write SQL: Kysely (`sqlDb(db)`, `sqlFor(tx)`), not Prisma's raw queries.",
  },
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".data/**",
      "server/db/generated/**",
      "scripts/dev/prisma-migrate-offline.mjs",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "sdk/dist/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["warn", "error", "log"] }],
    },
  },
  {
    // Env in one place: everything else reads the validated env() from server/env.ts.
    files: ["app/**", "components/**", "server/modules/**", "server/trpc/**", "server/jobs/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through env() from @/server/env." },
      ],
    },
  },
  {
    // The domain never knows the transport or the UI; see STYLE.md. SQL has one typed way (Kysely, typed from
    // schema.prisma) besides Prisma's API; only server/db talks to the driver.
    files: ["server/modules/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: modulePatterns }],
      "no-restricted-syntax": ["error", ...moduleSyntax],
    },
  },
  {
    // Services own the unit of work: a repo runs queries on the executor it is given, imports no other repo or
    // service, and never opens a transaction. (Flat config replaces a rule's options, so the module rules repeat.)
    files: ["server/modules/**/*.repo.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...modulePatterns,
            {
              group: ["**/*.repo", "**/*.service", "!./*.repo"],
              message: "A repo imports no other module's repo or service; the service composes them.",
            },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        ...moduleSyntax,
        {
          selector:
            "CallExpression[callee.property.name=/^\\$?transaction$/], CallExpression[callee.name=/^(sqlUnitOfWork|unitOfWork)$/]",
          message: "Repos never open a transaction: the service's unit of work (server/db/unit-of-work.ts) does.",
        },
      ],
    },
  },
  {
    files: ["server/stats/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/*", "../*", "./*/../*"], message: "Pure statistics import nothing from the project." },
          ],
        },
      ],
    },
  },
  {
    // Components use server code for types only (and pure helpers); never the database or services.
    files: ["components/**", "app/**/*.tsx"],
    // Layouts and the redirecting index pages decide on the server who sees what.
    ignores: ["app/**/layout.tsx", "app/page.tsx", "app/(dashboard)/p/\\[projectId\\]/page.tsx", "app/api/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/server/db",
                "@/server/db/*",
                "@/server/services",
                "@/server/modules/*/*.repo",
                "@/server/modules/*/*.service",
              ],
              message: "UI reaches the server through tRPC.",
            },
          ],
        },
      ],
    },
  },
);
