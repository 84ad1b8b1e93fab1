import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The layering of ../shared/STYLE.md, enforced: each folder of src/ lists the folders it must
// not import. Lower layers (channels, templates, consent, deliveries) never reach up.
const layers = {
  "src/channels": { forbidden: ["campaigns", "deliveries", "workers", "http", "cli", "consent", "segments", "templates", "members", "queues", "db"], why: "channels know nothing above them: they get a message and say how it went" },
  "src/templates": { forbidden: ["campaigns", "deliveries", "workers", "http", "cli", "channels", "queues"], why: "templates render; they do not send" },
  "src/consent": { forbidden: ["campaigns", "deliveries", "workers", "http", "cli", "templates", "queues", "channels"], why: "consent decides; it does not know how messages travel" },
  "src/segments": { forbidden: ["campaigns", "deliveries", "workers", "http", "cli", "channels", "queues", "templates"], why: "segments select members and nothing more" },
  "src/members": { forbidden: ["campaigns", "workers", "http", "cli", "channels", "queues", "templates", "segments"], why: "members is a lower layer" },
  "src/deliveries": { forbidden: ["campaigns", "workers", "http", "cli", "channels"], why: "deliveries owns the delivery table; campaigns and workers build on it, never the other way" },
  "src/inbound": { forbidden: ["workers", "http", "cli", "channels", "queues", "templates", "segments"], why: "inbound reads provider mail and hands verdicts to the intake in src/deliveries" },
  "src/letters": { forbidden: ["campaigns", "workers", "http", "cli", "channels", "queues"], why: "letters collates print batches; the workers drive it" },
  "src/campaigns": { forbidden: ["workers", "http", "cli"], why: "campaigns are driven by workers and the CLI, not the reverse" },
  "src/newsletters": { forbidden: ["workers", "http", "cli", "channels"], why: "newsletters are driven by the workers, the API and the CLI, and send through the injected channels" },
  "src/queues": { forbidden: ["campaigns", "deliveries", "workers", "http", "cli", "consent", "templates", "segments", "members"], why: "queues only know job shapes" },
  "src/workers": { forbidden: ["http", "cli"], why: "workers are started by the CLI and the server, not the reverse" },
  "src/http": { forbidden: ["channels", "workers", "cli"], why: "the HTTP layer never sends: it hands work to the queues" },
  "src/retention": { forbidden: ["campaigns", "workers", "http", "cli", "channels", "consent", "templates", "segments", "members"], why: "retention removes old records on a schedule; the workers and the CLI start it, and it never reaches up" },
  "src/organisation": { forbidden: ["campaigns", "deliveries", "workers", "http", "cli", "channels", "queues", "templates", "segments", "members", "consent"], why: "organisation holds the union's identity settings; templates, pages and workers read it" },
  "src/metrics": { forbidden: ["campaigns", "workers", "http", "cli", "channels", "consent", "templates", "segments", "members"], why: "metrics are fed by the workers and the server; they read the delivery table through src/deliveries and the queues directly, and never reach up" },
};

// The channel names and the channel registry are vocabulary every layer may use.
const vocabulary = ["!../channels/names.ts", "!../channels/registry.ts"];

const restrictions = Object.entries(layers).map(([folder, { forbidden, why }]) => ({
  files: [`${folder}/**/*.ts`],
  rules: {
    "no-restricted-imports": [
      "error",
      { patterns: [{ group: [...forbidden.flatMap((f) => [`../${f}/*`, `../../${f}/*`]), ...vocabulary], message: `${folder} must not import this: ${why}.` }] },
    ],
  },
}));

export default tseslint.config(
  { ignores: ["node_modules/", "src/generated/", "**/dist/", "outbox/", "coverage/", "test-results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
  ...restrictions,
  {
    // The admin UI: TypeScript checks names (DOM globals included), and it takes only types from
    // the server's code: a value import would put zod and server modules in the browser bundle.
    files: ["web/**/*.{ts,tsx}"],
    rules: {
      "no-undef": "off",
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/src/**"], allowTypeImports: true, message: "web/ may import only types from the server's src/ (use `import type`)." }] },
      ],
    },
  },
);
