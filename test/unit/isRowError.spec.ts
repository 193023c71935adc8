import { describe, expect, it } from "vitest";
import { isRowError } from "../../src/stream/salvageRows.js";

const pg = (code: string, severity = "ERROR") => Object.assign(new Error("x"), { name: "PostgresError", code, severity });

describe("which failures leave the rows before them deliverable", () => {
  it("an error a row raises: a bad value, a failed cast, a RAISE, a limit", () => {
    for (const code of ["22012", "22P02", "P0001", "54000", "2F005"]) expect(isRowError(pg(code)), code).toBe(true);
  });

  it("not a lost connection, a cancel or timeout, a session timeout, resources, or a socket error", () => {
    for (const code of ["57014", "57P01", "25P03", "53300", "08006", "40001", "XX000"]) expect(isRowError(pg(code)), code).toBe(false);
    expect(isRowError(pg("22012", "FATAL"))).toBe(false);
    expect(isRowError(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBe(false);
  });
});
