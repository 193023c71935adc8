#!/usr/bin/env node
// The `fraiseql-wire` command (package.json "bin"). Always runs: this file is only ever executed,
// never imported, and npm's bin links make process.argv[1] a symlink, so no "is main" check.
import { runCli } from "./runCli.js";

runCli(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fraiseql-wire: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
