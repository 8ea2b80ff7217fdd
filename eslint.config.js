// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * Resolves our relative `./x.js` specifiers to the `./x.ts` files tsc compiles them from, so the
 * import rules below see the real graph without a TypeScript resolver package.
 */
const relativeTsResolver = {
  interfaceVersion: 3,
  name: "relative-ts",
  /** @param {string} source @param {string} file */
  resolve(source, file) {
    if (!source.startsWith(".")) return { found: true, path: null };
    const base = resolve(dirname(file), source);
    for (const candidate of [base.replace(/\.js$/, ".ts"), base]) {
      if (existsSync(candidate)) return { found: true, path: candidate };
    }
    return { found: false };
  },
};

/**
 * The folders in the data's order. A folder may import the pure core, the ports and the folders
 * before it, never one after it; adapters and compositions sit above every use case.
 */
const USE_CASES = ["ingest", "tickets", "dispatch", "staff", "replies", "supervision", "learning"];
const ADAPTERS = ["redis", "telegram", "x", "chart", "web"];
const above = (/** @type {string} */ folder) => {
  const i = USE_CASES.indexOf(folder);
  return [...USE_CASES.slice(i + 1), ...ADAPTERS, "app"].map((f) => `./src/${f}`);
};
const layerZones = [
  {
    target: "./src/core",
    from: [
      "./src/ports",
      ...USE_CASES.map((f) => `./src/${f}`),
      ...ADAPTERS.map((f) => `./src/${f}`),
      "./src/app",
      "./jobs",
    ],
    message: "core/ is pure: it knows no port, use case, adapter or queue.",
  },
  {
    // The config loaders read files and build triage's models: triage never reaches back into them.
    target: "./src/triage",
    from: [
      "./src/config",
      ...USE_CASES.map((f) => `./src/${f}`),
      ...ADAPTERS.map((f) => `./src/${f}`),
      "./src/app",
    ],
    message:
      "triage/ is pure rules and their schemas: the loaders in config/ use it, not the other way round.",
  },
  {
    target: "./src/ports",
    from: [
      ...USE_CASES.map((f) => `./src/${f}`),
      ...ADAPTERS.map((f) => `./src/${f}`),
      "./src/app",
      "./jobs",
    ],
    message: "ports/ are interfaces and in-memory twins over the core.",
  },
  ...USE_CASES.map((f) => ({
    target: `./src/${f}`,
    from: [...above(f).filter((p) => p !== "./src/redis"), "./jobs"],
    message: `${f}/ may use core/, ports/ and the use cases before it in the data's order (${USE_CASES.join(" → ")}), not adapters, compositions or queues.`,
  })),
  // Of redis/, only the key names (the staff's small Redis-backed stores still live in staff/).
  ...USE_CASES.map((f) => ({
    target: `./src/${f}`,
    from: "./src/redis",
    except: ["./keys.ts"],
    message: `${f}/ may not use the Redis adapters (only redis/keys.ts names keys).`,
  })),
  {
    target: ["./src", "./jobs"],
    from: ["./sim", "./bench", "./test"],
    message:
      "The service never imports the simulators, the benches or the tests (main.ts loads the demo with a dynamic import).",
  },
];

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
    message: "triage/, core/ and ports/ are pure: keep I/O behind a port, in an adapter.",
  })),
};

/**
 * Every Bot API call that puts something in a chat goes through `GatedChatGateway`
 * (src/dispatch/gated-chat-gateway.ts): the shared rate gate, priorities, 429 cool-downs and the
 * call timeout. Only the telegraf adapter itself talks to telegraf's client.
 */
const TELEGRAF_ADAPTER = [
  "src/telegram/telegraf-chat-gateway.ts",
  "src/telegram/telegram-call-timeout.ts",
  "src/telegram/supervised-polling.ts",
];
const ungatedTelegramCalls = [
  {
    selector:
      "MemberExpression[object.name='ctx'][property.name=/^(reply|edit|delete|answer|send|pin|unpin|copy|forward|leave|ban|restrict|promote|set)/]",
    message:
      "Call Telegram through the ChatGateway (deps.chat / effects), not telegraf's context: it passes the shared rate gate.",
  },
  {
    selector: "MemberExpression[object.name='ctx'][property.name='telegram']",
    message:
      "Call Telegram through the ChatGateway (deps.chat / effects), not ctx.telegram: it passes the shared rate gate.",
  },
  {
    // `queues.telegram` is the BullMQ queue of outgoing Telegram jobs, the gated way in; a zod
    // schema's `shape.telegram` is config, not a client.
    selector:
      "CallExpression > MemberExpression.callee[object.type='MemberExpression'][object.property.name='telegram']:not([object.object.name='queues']):not([object.object.property.name=/^(queues|shape)$/])",
    message:
      "Call Telegram through the ChatGateway, not telegraf's client (bot.telegram.*): it passes the shared rate gate.",
  },
  {
    selector: "CallExpression > MemberExpression.callee[property.name='callApi']",
    message: "Call Telegram through the ChatGateway, not callApi: it passes the shared rate gate.",
  },
];

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
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [relativeTsResolver],
      // Parse the imported .ts files too, or no-cycle sees no edges past the first file.
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/extensions": [".ts", ".js"],
    },
    rules: {
      // A cycle between files fails the build; `madge --circular` draws the same graph.
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-restricted-paths": ["error", { zones: layerZones }],
    },
  },
  {
    // The dashboard's browser scripts (served as they are, no bundler).
    files: ["src/web/assets/**/*.js"],
    languageOptions: {
      sourceType: "script",
      globals: {
        window: "readonly",
        document: "readonly",
        location: "readonly",
        fetch: "readonly",
        EventSource: "readonly",
        CustomEvent: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
      },
    },
  },
  {
    files: ["scripts/**/*.mjs"],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", setTimeout: "readonly", clearTimeout: "readonly" },
    },
  },
  {
    // The entry point loads the demo world on the demo branch only, with `import()`; the test
    // simulators-stay-out-of-production checks that no static import reaches sim/.
    files: ["src/main.ts"],
    rules: { "import-x/no-restricted-paths": ["error", { zones: layerZones.slice(0, -1) }] },
  },
  {
    files: ["src/triage/**/*.ts", "src/core/**/*.ts", "src/ports/**/*.ts"],
    rules: { "no-restricted-imports": ["error", pureCoreRestrictions] },
  },
  {
    files: ["src/**/*.ts", "jobs/**/*.ts"],
    ignores: TELEGRAF_ADAPTER,
    rules: { "no-restricted-syntax": ["error", ...ungatedTelegramCalls] },
  },
);
