/**
 * The anchor GitHub gives a Markdown heading (github-slugger): the heading's text, lower case,
 * without anything that is not a letter, mark, number, connector punctuation (`_`), space or
 * hyphen, each space a hyphen. Inline markup goes first: `[text](url)` counts as its text, HTML tags
 * as nothing. Headings with the same slug get -1, -2, … in order: see `githubSlugs`.
 */
export function githubSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a document's headings, in order, with GitHub's -1, -2 … for repeated ones (github-slugger's counting). */
export function githubSlugs(headings: readonly string[]): string[] {
  const occurrences = new Map<string, number>();
  return headings.map((heading) => {
    const original = githubSlug(heading);
    let slug = original;
    while (occurrences.has(slug)) {
      const n = occurrences.get(original)! + 1;
      occurrences.set(original, n);
      slug = `${original}-${n}`;
    }
    occurrences.set(slug, 0);
    return slug;
  });
}
