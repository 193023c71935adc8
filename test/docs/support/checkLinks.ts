import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { parseMarkdown, type MarkdownDoc } from "./parseMarkdown.js";

/** What the link check found: broken relative links and anchors, and every external link. */
export interface LinkReport {
  /** `file:line: target: why`, for each relative link or #anchor that does not resolve. */
  readonly broken: string[];
  /** Every external link (`https://…`, `mailto:`), with where it is written; none is fetched. */
  readonly external: ReadonlyArray<{ readonly url: string; readonly where: string }>;
}

/**
 * Resolves every relative link and #anchor of the given Markdown files as GitHub would: paths from
 * the file's folder (or the repository root for `/…`), anchors against the target file's headings.
 * A link to a line of a source file (`#L10`, `#L10-L20`) counts when the file exists.
 */
export function checkLinks(files: readonly string[], root: string = process.cwd()): LinkReport {
  const docs = new Map<string, MarkdownDoc>();
  const doc = (path: string): MarkdownDoc => {
    let parsed = docs.get(path);
    if (parsed === undefined) docs.set(path, (parsed = parseMarkdown(readFileSync(join(root, path), "utf8"))));
    return parsed;
  };
  const broken: string[] = [];
  const external: Array<{ url: string; where: string }> = [];
  for (const file of files) {
    for (const { target, line } of doc(file).links) {
      const where = `${file}:${line}`;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        external.push({ url: target, where });
        continue;
      }
      const hash = target.indexOf("#");
      const pathPart = decodeURIComponent((hash === -1 ? target : target.slice(0, hash)).replace(/\?.*$/, ""));
      const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
      const path = pathPart === "" ? file : normalize(pathPart.startsWith("/") ? pathPart.slice(1) : join(dirname(file), pathPart));
      if (path.startsWith("..") || !existsSync(join(root, path))) {
        broken.push(`${where}: ${target}: ${path} does not exist`);
        continue;
      }
      if (anchor === undefined || anchor === "") continue;
      if (statSync(join(root, path)).isDirectory()) broken.push(`${where}: ${target}: a folder has no anchors`);
      else if (path.endsWith(".md")) {
        if (!doc(path).anchors.has(anchor)) broken.push(`${where}: ${target}: ${path} has no heading with the anchor #${anchor}`);
      } else if (!/^L\d+(-L\d+)?$/.test(anchor)) broken.push(`${where}: ${target}: only Markdown files have heading anchors`);
    }
  }
  return { broken, external };
}
