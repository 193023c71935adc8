import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** A piece of TypeScript from the docs: a ```ts block, or a TypeDoc @example. */
export interface Snippet {
  /** The file it is written in. */
  readonly file: string;
  /** The line of its opening fence: the snippet's line n is the file's line + n. */
  readonly line: number;
  readonly code: string;
  /** A fragment assumes the context of FRAGMENT_CONTEXT (a `client`, a `Project` type, …). */
  readonly fragment: boolean;
}

/** The marker a ```ts block carries, on the line before its fence, when it is a fragment by design. */
export const FRAGMENT_MARKER = "fragment";

/**
 * What a fragment may assume without declaring it: every export of fraiseql-wire/client as if
 * imported, and the names the docs' short examples share. Anything else a fragment uses must be
 * declared in it, so a renamed SDK method or option still fails the check.
 */
function fragmentContext(valueExports: readonly string[], typeExports: readonly string[]): string {
  return `import type * as sdk from "fraiseql-wire/client";
import type * as fs from "node:fs";
import type { Tracer } from "@opentelemetry/api";

declare global {
${valueExports.map((name) => `  var ${name}: typeof sdk.${name};`).join("\n")}
${typeExports.map((name) => `  type ${name} = sdk.${name};`).join("\n")}
  var readFileSync: typeof fs.readFileSync;
  interface Project { name: string; status: string; priority: number }
  var client: sdk.WireClient;
  var query: sdk.Query<Project>;
  var address: string;
  var token: string;
  var userInput: string;
  function handle(project: Project): void;
  function save(row: unknown): void;
  function write(row: unknown): void;
  var log: { warn(object: unknown, message: string): void };
  var store: { put(key: string, value: string): Promise<void>; get(key: string): Promise<string> };
  var tracer: Tracer;
}
export {};
`;
}

const COMPILER_OPTIONS = {
  target: "ES2022",
  module: "nodenext",
  moduleResolution: "nodenext",
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  types: ["node"],
};

/**
 * Type-checks every snippet against the built package (`fraiseql-wire/client` resolves through
 * package.json's exports to dist/, so `make build` first), each as its own ES module, with the
 * project's TypeScript. Complete snippets are compiled alone; fragments with fragmentContext.
 * Returns tsc's errors, each naming the snippet's place in the docs; [] when all compile.
 */
export function compileSnippets(snippets: readonly Snippet[], sdk: { values: readonly string[]; types: readonly string[] }, root: string = process.cwd()): string[] {
  mkdirSync(join(root, ".tmp"), { recursive: true });
  // Inside the repository, so that the package can import itself by name.
  const dir = mkdtempSync(join(root, ".tmp", "docs-snippets-"));
  try {
    const names = new Map<string, Snippet>();
    const groups = { complete: [] as string[], fragment: [] as string[] };
    snippets.forEach((snippet, i) => {
      const file = `${snippet.fragment ? "fragment" : "complete"}-${i}.ts`;
      names.set(file, snippet);
      writeFileSync(join(dir, file), `${snippet.code}\nexport {};\n`);
      groups[snippet.fragment ? "fragment" : "complete"].push(file);
    });
    writeFileSync(join(dir, "fragmentContext.d.ts"), fragmentContext(sdk.values, sdk.types));
    const errors: string[] = [];
    for (const [kind, files] of Object.entries(groups)) {
      if (files.length === 0) continue;
      const project = join(dir, `tsconfig.${kind}.json`);
      const all = kind === "fragment" ? [...files, "fragmentContext.d.ts"] : files;
      writeFileSync(project, JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files: all }));
      try {
        execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", project, "--pretty", "false"], { cwd: root, encoding: "utf8", stdio: "pipe" });
      } catch (error) {
        const output = String((error as { stdout?: string }).stdout ?? error);
        for (const line of output.split("\n").filter((l) => l.trim() !== "")) {
          // ".tmp/docs-snippets-x/complete-3.ts(2,7): error TS2304: …" → "README.md:144:7: error TS2304: …"
          const m = /^(.*?)\((\d+),(\d+)\): (.*)$/.exec(line);
          const snippet = m === null ? undefined : names.get(relative(dir, join(root, m[1]!)));
          errors.push(snippet === undefined || m === null ? line : `${snippet.file}:${snippet.line + Number(m[2])}:${m[3]}: ${m[4]}`);
        }
      }
    }
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
