import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROLES = ["ingest", "workers", "bot"];

describe("the deployment files", () => {
  it("compose.yaml runs Redis with AOF and noeviction, and one service per role on the built image", () => {
    const compose = parse(readFileSync("compose.yaml", "utf8"), { merge: true }) as {
      services: Record<string, { command: string[]; environment?: Record<string, string>; image?: string }>;
    };
    const redis = compose.services["redis"]!.command.join(" ");
    expect(redis).toMatch(/--appendonly yes/);
    expect(redis).toMatch(/--maxmemory-policy noeviction/);
    for (const role of ROLES) {
      const s = compose.services[role]!;
      expect(s.command).toEqual(["--role", role]);
      expect(s.environment?.["REDIS_URL"]).toBe("redis://redis:6379");
    }
  });

  it("the Dockerfile compiles in a build stage and runs dist/main.js as a non-root user", () => {
    const docker = readFileSync("Dockerfile", "utf8");
    expect(docker.match(/^FROM /gm)).toHaveLength(2);
    expect(docker).toMatch(/^ARG NODE_IMAGE=node:(22|24)[\w.-]*$/m);
    expect(docker).toMatch(/RUN npm run build/);
    expect(docker).toMatch(/^USER node$/m);
    expect(docker).toMatch(/^ENTRYPOINT \["node", "dist\/main.js"\]$/m);
  });

  it("systemd has a unit per role, running the compiled build", () => {
    const units = readdirSync("deploy/systemd").sort();
    expect(units).toEqual(ROLES.map((r) => `aduan-${r}.service`).sort());
    for (const role of ROLES) {
      const unit = readFileSync(`deploy/systemd/aduan-${role}.service`, "utf8");
      expect(unit).toContain(`ExecStart=/usr/bin/node dist/main.js --role ${role}`);
      expect(unit).toMatch(/^User=aduan$/m);
      expect(unit).toContain("EnvironmentFile=/opt/aduan/.env");
    }
  });
});
