import { githubSlugs } from "../../../scripts/docs/githubSlug.js";

/** A link's target as written (`docs/sdk.md#auto-resume`, `https://…`), with its line. */
export interface MarkdownLink {
  readonly target: string;
  readonly line: number;
}

/** A fenced code block. */
export interface CodeBlock {
  /** The info string's first word: `ts`, `sh`, … ("" when none). */
  readonly lang: string;
  readonly code: string;
  /** The line of the opening fence. */
  readonly line: number;
  /** The HTML comment on the line just before the fence (`<!-- fragment -->` → "fragment"), if any. */
  readonly marker: string | undefined;
}

/** One inline code span (`make test`), with its line. */
export interface CodeSpan {
  readonly code: string;
  readonly line: number;
}

/** What the docs audit reads in a Markdown file. */
export interface MarkdownDoc {
  /** The anchors GitHub makes: one per heading (deduplicated as GitHub does), plus `<a id>`/`<a name>`. */
  readonly anchors: ReadonlySet<string>;
  readonly links: readonly MarkdownLink[];
  readonly blocks: readonly CodeBlock[];
  readonly spans: readonly CodeSpan[];
}

const FENCE = /^( {0,3}|\s*[-*+] +|\s*\d+\. +|\s+)(`{3,}|~{3,})\s*([^\s`]*)/;

/**
 * Reads headings, links, code blocks and code spans the way GitHub renders them, well enough for
 * the audit: fenced blocks and code spans hold no links or headings; HTML comments are skipped.
 */
export function parseMarkdown(text: string): MarkdownDoc {
  const lines = text.split("\n");
  const headings: string[] = [];
  const extraAnchors: string[] = [];
  const links: MarkdownLink[] = [];
  const blocks: CodeBlock[] = [];
  const spans: CodeSpan[] = [];
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const fence = FENCE.exec(raw);
    if (fence !== null && !inComment) {
      const indent = fence[1]!.length;
      const marker = fence[2]!;
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const close = new RegExp(`^\\s*${marker[0] === "`" ? "`" : "~"}{${marker.length},}\\s*$`);
        if (close.test(lines[j]!)) break;
        body.push(lines[j]!.slice(Math.min(indent, lines[j]!.length - lines[j]!.trimStart().length)));
      }
      let before = i - 1;
      while (before >= 0 && lines[before]!.trim() === "") before--;
      const comment = before >= 0 ? /^\s*<!--\s*(.*?)\s*-->\s*$/.exec(lines[before]!) : null;
      blocks.push({ lang: fence[3]!.toLowerCase(), code: body.join("\n"), line: i + 1, marker: comment?.[1] });
      i = j;
      continue;
    }
    // HTML comments (possibly over several lines) hold nothing the reader sees.
    let line = "";
    let rest = raw;
    while (rest !== "") {
      if (inComment) {
        const end = rest.indexOf("-->");
        if (end === -1) rest = "";
        else {
          inComment = false;
          rest = rest.slice(end + 3);
        }
      } else {
        const start = rest.indexOf("<!--");
        if (start === -1) {
          line += rest;
          rest = "";
        } else {
          line += rest.slice(0, start);
          rest = rest.slice(start + 4);
          inComment = true;
        }
      }
    }
    // Code spans: kept for the command checks, blanked for everything else.
    const prose = line.replace(/(`+)(.+?)\1/g, (_, ticks: string, code: string) => {
      spans.push({ code: code.trim(), line: i + 1 });
      return " ".repeat(ticks.length * 2 + code.length);
    });
    const heading = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading !== null) headings.push(heading[2]!.replace(/`/g, ""));
    for (const m of prose.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) extraAnchors.push(m[1]!);
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target: m[1]!, line: i + 1 });
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(prose);
    if (definition !== null) {
      links.push({ target: definition[1]!, line: i + 1 });
      continue;
    }
    // Autolinks and bare URLs (GitHub links both); those already inside (…) are counted above.
    for (const m of prose.matchAll(/(?<![(<"'=])\bhttps?:\/\/[^\s<>)\]"'`]+|<(https?:\/\/[^>\s]+)>/g)) {
      links.push({ target: (m[1] ?? m[0]).replace(/[.,;:!?*_]+$/, ""), line: i + 1 });
    }
  }
  return { anchors: new Set([...githubSlugs(headings), ...extraAnchors]), links, blocks, spans };
}
