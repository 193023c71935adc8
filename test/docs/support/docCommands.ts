import { readFileSync } from "node:fs";
import { parseMarkdown } from "./parseMarkdown.js";

/** A command line written in the docs, with where. */
export interface DocCommand {
  readonly where: string;
  readonly text: string;
  /** From an inline code span: often a synopsis (`query --no-resume | --resume-attempts n`), not a runnable line. */
  readonly inline: boolean;
}

// Blocks whose lines are commands; `text` blocks hold output and are left out.
const SHELL = new Set(["", "sh", "bash", "shell", "console"]);

/**
 * The command lines of the docs: every line of a shell code block, joined across trailing
 * backslashes, without `# comments`, and every inline code span.
 */
export function docCommands(files: readonly string[]): DocCommand[] {
  return files.flatMap((file) => {
    const doc = parseMarkdown(readFileSync(file, "utf8"));
    const fromBlocks = doc.blocks
      .filter((b) => SHELL.has(b.lang))
      .flatMap((b) => {
        const commands: DocCommand[] = [];
        let pending = "";
        b.code.split("\n").forEach((line, i) => {
          const text = `${pending}${stripComment(line)}`;
          if (/\\\s*$/.test(text)) pending = text.replace(/\\\s*$/, " ");
          else {
            pending = "";
            if (text.trim() !== "") commands.push({ where: `${file}:${b.line + i + 1}`, text: text.trim().replace(/^\$\s+/, ""), inline: false });
          }
        });
        return commands;
      });
    return [...fromBlocks, ...doc.spans.map((s) => ({ where: `${file}:${s.line}`, text: s.code, inline: true }))];
  });
}

/** A line without its shell comment (a `#` at the start of a word, outside quotes). */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "\\") i++;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/**
 * Splits a command line into words as a POSIX shell would for a simple command (quotes, backslash
 * escapes), stopping at the first operator (`|`, `>`, `<`, `;`, `&`). `$VAR`s stay as written.
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && /["\\$`]/.test(text[i + 1] ?? "")) word = (word ?? "") + text[++i];
      else word = (word ?? "") + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (c === "\\") word = (word ?? "") + (text[++i] ?? "");
    else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (/[|><;&]/.test(c)) break;
    else word = (word ?? "") + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}
