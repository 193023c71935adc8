import { execFileSync } from "node:child_process";
import type { ProtoImage } from "./ProtoImage.js";

/** The descriptors of proto/fraiseql/wire/v1, comments included, as `buf build` compiles them (no network). */
export function readProtoImage(root: string = process.cwd()): ProtoImage {
  const json = execFileSync("npx", ["buf", "build", "--path", "proto/fraiseql/wire/v1", "-o", "-#format=json"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(json) as ProtoImage;
}
