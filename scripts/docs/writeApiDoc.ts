// `make docs`: writes docs/api.md from the proto's descriptors (buf build) and the error catalog.
// test/docs/apiDoc.spec.ts fails when the committed file differs from what this writes.
import { readFileSync, writeFileSync } from "node:fs";
import { catalog } from "../../src/errors/catalog.js";
import { readProtoImage } from "./readProtoImage.js";
import { renderApiDoc } from "./renderApiDoc.js";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
writeFileSync("docs/api.md", renderApiDoc({ image: readProtoImage(), reasons: catalog, version }));
process.stdout.write("docs/api.md written\n");
