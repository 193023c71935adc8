import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalog } from "../../src/errors/catalog.js";
import { readProtoImage } from "../../scripts/docs/readProtoImage.js";
import { renderApiDoc } from "../../scripts/docs/renderApiDoc.js";

// The API reference (issue 15): `make docs` builds it; these checks keep it buildable and current.
const TYPEDOC = "scripts/typedoc/node_modules/typedoc/bin/typedoc";

/** Runs a command; its output when it fails, so that the failure says what to fix. */
function run(command: string, args: readonly string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(command, args, { encoding: "utf8", stdio: "pipe" }) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}`.replace(/\x1b\[[0-9;]*m/g, "") };
  }
}

describe("the API reference", () => {
  it("TypeDoc documents the SDK and the server entry without a single warning (every export documented, no broken link, nothing referenced but not exported)", () => {
    expect(existsSync(TYPEDOC), "TypeDoc is installed by `make docs` and `make test` (npm ci in scripts/typedoc)").toBe(true);
    const config = JSON.parse(readFileSync("typedoc.json", "utf8")) as { treatWarningsAsErrors: boolean; validation: Record<string, boolean>; entryPoints: string[] };
    expect(config.treatWarningsAsErrors).toBe(true);
    expect(config.validation).toMatchObject({ notExported: true, invalidLink: true, notDocumented: true });
    expect(config.entryPoints).toEqual(["src/client/index.ts", "src/main.ts"]);
    const typedoc = run(process.execPath, [TYPEDOC, "--emit", "none"]);
    expect(typedoc.output).not.toMatch(/\[warning\]|\[error\]/);
    expect(typedoc.ok, typedoc.output).toBe(true);
  }, 120_000);

  it("the proto comments every service, RPC, message, field, enum and value (buf lint with the COMMENTS rules)", () => {
    expect(readFileSync("buf.yaml", "utf8")).toMatch(/^ {2}use: \[STANDARD, COMMENTS\]$/m);
    const lint = run("npx", ["buf", "lint"]);
    expect(lint.output).toBe("");
    expect(lint.ok).toBe(true);
  });

  it("docs/api.md is what `make docs` renders from the proto and the error catalog (commit both together)", () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    const fresh = renderApiDoc({ image: readProtoImage(), reasons: catalog, version });
    expect(readFileSync("docs/api.md", "utf8"), "docs/api.md is stale: run make docs").toBe(fresh);
    for (const reason of Object.keys(catalog)) expect(fresh).toContain(`[\`${reason}\`](../TROUBLESHOOTING.md#`);
    for (const name of ["QueryService", "StreamQuery", "StreamQueryRequest", "resume_token", "DATA_TYPE_JSONB", "RESUME_KEYSET"]) expect(fresh).toContain(name);
  });
});
