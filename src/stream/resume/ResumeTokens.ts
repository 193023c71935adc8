import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { WireError } from "../../errors/WireError.js";
import type { ResumePosition } from "./ResumePosition.js";

const VERSION = 1;
const KEY_ID_BYTES = 4;
const DIGEST_BYTES = 16;
const MAC_BYTES = 32;
const HEADER_BYTES = 1 + KEY_ID_BYTES + DIGEST_BYTES;

/** Why a token was refused, in ErrorInfo metadata `tokenProblem`. */
export type TokenProblem = "truncated" | "version" | "foreign" | "tampered" | "query" | "mode";

/**
 * Signs and checks resume tokens (docs/resume.md). A token is
 *   version (1) · key id (4) · query digest (16) · payload (JSON) · HMAC-SHA256 of all before (32)
 * The payload is `{"n": rows delivered}` plus, for a keyset entity, the last row's order_by values
 * (jsonb text, null when missing) and id: no other row data and no secret. The key id (a hash of
 * the key) tells "signed with another key" apart from "altered"; the HMAC makes both impossible
 * to forge. Every replica behind one address must share the key (FRAISEQL_WIRE_RESUME_KEY).
 */
export class ResumeTokens {
  readonly #key: Buffer;
  readonly #keyId: Buffer;

  constructor(key: Buffer) {
    this.#key = Buffer.from(key);
    this.#keyId = createHash("sha256").update("fraiseql-wire resume key id\0").update(key).digest().subarray(0, KEY_ID_BYTES);
  }

  /** A key for a server without FRAISEQL_WIRE_RESUME_KEY: tokens then work on this instance only. */
  static randomKey(): Buffer {
    return randomBytes(32);
  }

  sign(digest: Buffer, position: ResumePosition): Buffer {
    const payload: { n: number; v?: readonly (string | null)[]; id?: string } = { n: position.delivered };
    if (position.keyset !== undefined) {
      payload.v = position.keyset.values;
      payload.id = position.keyset.id;
    }
    const body = Buffer.concat([Buffer.of(VERSION), this.#keyId, digest, Buffer.from(JSON.stringify(payload))]);
    return Buffer.concat([body, createHmac("sha256", this.#key).update(body).digest()]);
  }

  /** The position a token names, for the query of `digest`; INVALID_RESUME_TOKEN saying why not. */
  verify(token: Uint8Array, digest: Buffer): ResumePosition {
    const bytes = Buffer.from(token.buffer, token.byteOffset, token.byteLength);
    if (bytes.length < HEADER_BYTES + 2 + MAC_BYTES) {
      throw invalid("truncated", `the resume token is ${bytes.length} bytes, too short to be one this service issued: send back the resume_token exactly as received`);
    }
    if (bytes[0] !== VERSION) {
      throw invalid("version", `the resume token is of version ${bytes[0]}, and this server reads version ${VERSION}: the server was upgraded or downgraded since it was issued. Restart the stream without a token`);
    }
    if (!bytes.subarray(1, 1 + KEY_ID_BYTES).equals(this.#keyId)) {
      throw invalid("foreign", "the resume token was signed with another key: it comes from a server with another FRAISEQL_WIRE_RESUME_KEY. Every replica behind one address must share that key");
    }
    const body = bytes.subarray(0, bytes.length - MAC_BYTES);
    const mac = createHmac("sha256", this.#key).update(body).digest();
    if (!timingSafeEqual(mac, bytes.subarray(bytes.length - MAC_BYTES))) {
      throw invalid("tampered", "the resume token was altered or truncated: its signature does not match. Send back the resume_token exactly as received");
    }
    if (!body.subarray(1 + KEY_ID_BYTES, HEADER_BYTES).equals(digest)) {
      throw invalid("query", "the resume token belongs to another query: resume with the same entity, filter, order_by, limit and offset as the stream that issued it");
    }
    const payload = JSON.parse(body.subarray(HEADER_BYTES).toString("utf8")) as { n: number; v?: (string | null)[]; id?: string };
    return { delivered: payload.n, keyset: payload.id === undefined ? undefined : { values: payload.v ?? [], id: payload.id } };
  }
}

export function invalidResumeToken(problem: TokenProblem, description: string): WireError {
  return invalid(problem, description);
}

function invalid(problem: TokenProblem, description: string): WireError {
  return new WireError("INVALID_RESUME_TOKEN", `invalid resume_token: ${description}.`, {
    metadata: { tokenProblem: problem },
    fieldViolations: [{ field: "resume_token", description }],
  });
}
