import { parseArgs } from "node:util";
import { UsageError } from "./UsageError.js";

export type Format = "ndjson" | "json" | "table";

/** Auto-resume of `query`: off (--no-resume), or the limits given (the SDK's defaults otherwise). */
export type CliResume = false | { readonly maxAttempts?: number; readonly maxElapsedMs?: number };

/** A command line, checked: what to run and with which settings. */
export interface CliCommand {
  readonly command: "serve" | "query" | "entities" | "health" | "help" | "version";
  /** The entity of `query`. */
  readonly entity: string;
  /** Arguments after `serve`, handed to the server's own main(). */
  readonly rest: readonly string[];
  readonly address: string;
  readonly token: string | undefined;
  readonly tls: boolean;
  /** PEM files for TLS: the CA to trust, and a client certificate and key for mTLS. */
  readonly ca: string | undefined;
  readonly cert: string | undefined;
  readonly key: string | undefined;
  readonly deadlineMs: number | undefined;
  readonly filter: string;
  readonly orderBy: string;
  readonly limit: number;
  readonly offset: number;
  readonly chunkRows: number;
  readonly chunkBytes: number;
  readonly format: Format | undefined;
  readonly schema: string;
  /** The service `health` asks about ("" = the server as a whole). */
  readonly service: string;
  readonly resume: CliResume;
}

const options = {
  address: { type: "string" },
  token: { type: "string" },
  tls: { type: "boolean" },
  ca: { type: "string" },
  cert: { type: "string" },
  key: { type: "string" },
  "deadline-ms": { type: "string" },
  filter: { type: "string" },
  "order-by": { type: "string" },
  limit: { type: "string" },
  offset: { type: "string" },
  "chunk-rows": { type: "string" },
  "chunk-bytes": { type: "string" },
  format: { type: "string" },
  schema: { type: "string" },
  service: { type: "string" },
  "no-resume": { type: "boolean" },
  "resume-attempts": { type: "string" },
  "resume-max-ms": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

/** Parses argv (without node and the script); throws UsageError on anything it cannot use. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliCommand {
  // `serve` takes the server's own flags (--help), so everything after it is passed through.
  if (argv[0] === "serve") return { ...defaults(env), command: "serve", rest: argv.slice(1) };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values: v, positionals } = parsed;
  const [command, ...operands] = positionals;
  if (v.version === true && v.help !== true) return { ...defaults(env), command: "version" };
  if (v.help === true || command === undefined || command === "help") return { ...defaults(env), command: "help" };
  if (command !== "query" && command !== "entities" && command !== "health") {
    throw new UsageError(`unknown command ${JSON.stringify(command)}; expected serve, query, entities or health`);
  }
  const expectedOperands = command === "query" ? 1 : 0;
  if (operands.length !== expectedOperands) {
    throw new UsageError(command === "query" ? "query needs exactly one entity, e.g. fraiseql-wire query projects" : `${command} takes no arguments, got ${operands.join(" ")}`);
  }
  if ((v.cert === undefined) !== (v.key === undefined)) throw new UsageError("--cert and --key go together: a client certificate needs its private key");
  const format = v.format;
  if (format !== undefined && format !== "ndjson" && format !== "json" && format !== "table") {
    throw new UsageError(`--format ${JSON.stringify(format)}: expected ndjson, json or table`);
  }
  return {
    ...defaults(env),
    command,
    entity: operands[0] ?? "",
    ...(v.address === undefined ? {} : { address: v.address }),
    ...(v.token === undefined ? {} : { token: v.token }),
    // Any certificate file implies TLS.
    tls: v.tls === true || v.ca !== undefined || v.cert !== undefined || v.key !== undefined,
    ca: v.ca,
    cert: v.cert,
    key: v.key,
    deadlineMs: v["deadline-ms"] === undefined ? undefined : count("--deadline-ms", v["deadline-ms"]),
    filter: v.filter ?? "",
    orderBy: v["order-by"] ?? "",
    limit: count("--limit", v.limit ?? "0"),
    offset: count("--offset", v.offset ?? "0"),
    chunkRows: count("--chunk-rows", v["chunk-rows"] ?? "0"),
    chunkBytes: count("--chunk-bytes", v["chunk-bytes"] ?? "0"),
    format,
    schema: v.schema ?? "",
    service: v.service ?? "",
    resume: resumeOf(v["no-resume"] === true, v["resume-attempts"], v["resume-max-ms"]),
  };
}

function resumeOf(off: boolean, attempts: string | undefined, maxMs: string | undefined): CliResume {
  if (off && (attempts !== undefined || maxMs !== undefined)) throw new UsageError("--no-resume cannot be combined with --resume-attempts or --resume-max-ms");
  if (off) return false;
  const maxAttempts = attempts === undefined ? undefined : count("--resume-attempts", attempts);
  if (maxAttempts === 0) throw new UsageError("--resume-attempts 0: expected at least 1 (use --no-resume to turn resuming off)");
  return {
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(maxMs === undefined ? {} : { maxElapsedMs: count("--resume-max-ms", maxMs) }),
  };
}

/**
 * The addresses of --address (or FRAISEQL_WIRE_ADDRESS): "host-a:50051,host-b:50051" is a list of
 * replicas; a gRPC target with a scheme ("dns:///name:50051", "ipv4:a,b") is passed on whole.
 */
export function addressesOf(address: string): string | string[] {
  if (/^(dns|ipv4|ipv6|unix|unix-abstract|vsock|xds):/.test(address) || !address.includes(",")) return address;
  return address.split(",").map((a) => a.trim()).filter((a) => a !== "");
}

function defaults(env: NodeJS.ProcessEnv): CliCommand {
  return {
    command: "help",
    entity: "",
    rest: [],
    address: env["FRAISEQL_WIRE_ADDRESS"] || "127.0.0.1:50051",
    token: env["FRAISEQL_WIRE_TOKEN"] || undefined,
    tls: false,
    ca: undefined,
    cert: undefined,
    key: undefined,
    deadlineMs: undefined,
    filter: "",
    orderBy: "",
    limit: 0,
    offset: 0,
    chunkRows: 0,
    chunkBytes: 0,
    format: undefined,
    schema: "",
    service: "",
    resume: {},
  };
}

function count(flag: string, text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a whole number ≥ 0`);
  return n;
}
