import { describe, expect, it } from "vitest";
import { scrubSecrets } from "../../src/log/createLogger.js";

describe("log scrubbing", () => {
  it("hides passwords, tokens and bearer credentials wherever a log line quotes them", () => {
    const line = JSON.stringify({
      msg: "x",
      url: "postgres://app:hunter2@db/app",
      nested: { token: "tok-123", authorization: "Bearer abc.def.ghi", secret: "s3" },
      cause: "header was authorization: Bearer eyJhbGciOi.eyJzdWIi.c2ln",
    });
    const scrubbed = scrubSecrets(line);
    for (const secret of ["hunter2", "tok-123", "abc.def.ghi", "s3", "eyJhbGciOi"]) expect(scrubbed).not.toContain(secret);
    expect(JSON.parse(scrubbed)).toMatchObject({ nested: { token: "***", authorization: "***" } });
  });
});
