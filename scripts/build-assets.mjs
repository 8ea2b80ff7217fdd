// After `tsc -p tsconfig.build.json`: copies what tsc does not (the Redis Lua scripts, the
// dashboard's CSS and browser scripts) next to
// the compiled modules, and writes `dist/main.js`, the production entry point.
import { cpSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const assets = [
  { from: "src/redis/lua", to: "dist/src/redis/lua" },
  // The dashboard's own CSS and scripts (Leaflet is served from node_modules).
  { from: "src/web/assets", to: "dist/src/web/assets" },
];
for (const { from, to } of assets) {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) cpSync(join(from, f), join(to, f));
}
mkdirSync(dirname("dist/main.js"), { recursive: true });
writeFileSync(
  "dist/main.js",
  '// Production entry point: `node dist/main.js [--role …]`.\nimport "./src/main.js";\n',
);
console.log("build: dist/main.js, the Lua scripts and the dashboard's assets are in place");
