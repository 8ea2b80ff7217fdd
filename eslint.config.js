// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** The pure core may not reach the outside world: I/O lives in adapters and jobs. */
const pureCoreRestrictions = {
  paths: [
    "telegraf",
    "twitter-api-v2",
    "ioredis",
    "bullmq",
    "fastify",
    "pino",
    "node:fs",
    "fs",
    "node:http",
    "http",
  ].map((name) => ({
    name,
    message: "The triage/rules/reports core is pure: keep I/O behind an interface at the edge.",
  })),
};

export default tseslint.config(
  { ignores: ["node_modules/", "coverage/", "dist/", ".tmp/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    files: [
      "src/triage/**/*.ts",
      "src/tickets/lifecycle.ts",
      "src/tickets/render-*.ts",
      "src/sla/**/*.ts",
      "src/reports/**/*.ts",
    ],
    rules: { "no-restricted-imports": ["error", pureCoreRestrictions] },
  },
);
