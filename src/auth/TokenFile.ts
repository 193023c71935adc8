import { createHash, timingSafeEqual } from "node:crypto";
import { isScopePattern } from "./scopePattern.js";

/** One entry of FRAISEQL_WIRE_TOKENS_FILE. */
export interface TokenEntry {
  readonly name: string;
  readonly digest: Buffer;
  readonly entities: readonly string[];
  readonly role: string | undefined;
}

/**
 * The parsed token file: `[{"name", "sha256", "entities", "role"}]`. Only SHA-256 hashes of the
 * tokens are stored; a presented token is hashed and compared with every entry in constant time,
 * so neither the comparison nor the entry it matches shows in the response time.
 */
export class TokenFile {
  private constructor(private readonly entries: readonly TokenEntry[]) {}

  static parse(text: string): TokenFile {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!Array.isArray(json)) throw new Error('must be a JSON array of {"name", "sha256", "entities", "role"}');
    const names = new Set<string>();
    const entries = json.map((raw: unknown, i): TokenEntry => {
      const e = (raw ?? {}) as Record<string, unknown>;
      const where = `entry ${i}`;
      if (typeof e["name"] !== "string" || e["name"] === "") throw new Error(`${where}: "name" must be a non-empty string`);
      if (names.has(e["name"])) throw new Error(`${where}: the name ${JSON.stringify(e["name"])} is used twice`);
      names.add(e["name"]);
      if (typeof e["sha256"] !== "string" || !/^[0-9a-fA-F]{64}$/.test(e["sha256"])) throw new Error(`${where} (${e["name"]}): "sha256" must be 64 hex digits, the SHA-256 of the token`);
      const entities = e["entities"];
      if (!Array.isArray(entities) || !entities.every((p): p is string => typeof p === "string" && isScopePattern(p))) {
        throw new Error(`${where} (${e["name"]}): "entities" must be a list of entity patterns such as "projects", "reports.*" or "*"`);
      }
      if (e["role"] !== undefined && (typeof e["role"] !== "string" || e["role"] === "")) throw new Error(`${where} (${e["name"]}): "role" must be a non-empty string when given`);
      return { name: e["name"], digest: Buffer.from(e["sha256"], "hex"), entities, role: e["role"] as string | undefined };
    });
    return new TokenFile(entries);
  }

  /** The entry whose hash matches the token, if any; every entry is compared. */
  find(token: string): TokenEntry | undefined {
    const digest = createHash("sha256").update(token, "utf8").digest();
    let found: TokenEntry | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(digest, entry.digest) && found === undefined) found = entry;
    }
    return found;
  }
}
