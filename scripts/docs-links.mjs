// Relative links of the markdown docs: each must name a file of the repository, and an
// anchor must name a heading of the markdown file it points to (GitHub's heading ids).
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

/** GitHub's id of a heading: lower case, punctuation dropped, spaces to dashes. */
export function headingId(text) {
  return text
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{Letter}\p{Number}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The ids of a markdown text's headings, numbered as GitHub numbers repeats (`x`, `x-1`). */
export function headingIds(markdown) {
  const ids = new Set();
  const seen = new Map();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^```/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = headingId(heading[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.add(n === 0 ? base : `${base}-${n}`);
  }
  return ids;
}

/** The `[text](target)` links of a markdown text outside code, with their 1-based lines. */
export function markdownLinks(markdown) {
  const links = [];
  let fenced = false;
  markdown.split("\n").forEach((line, i) => {
    if (/^```/.test(line)) fenced = !fenced;
    if (fenced) return;
    const prose = line.replace(/`[^`]*`/g, "");
    for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) links.push({ target: m[1], line: i + 1 });
  });
  return links;
}

/** Broken relative links of the given markdown files (paths relative to root). */
export function brokenLinks(root, files) {
  const problems = [];
  for (const file of files) {
    const markdown = readFileSync(join(root, file), "utf8");
    for (const { target, line } of markdownLinks(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [path, anchor] = target.split("#", 2);
      const resolved = path ? normalize(join(dirname(join(root, file)), decodeURIComponent(path))) : join(root, file);
      const where = `${file}:${line}: ${target}`;
      if (!existsSync(resolved)) {
        problems.push(`${where}: no such file ${relative(root, resolved)}`);
        continue;
      }
      if (anchor && resolved.endsWith(".md") && statSync(resolved).isFile() && !headingIds(readFileSync(resolved, "utf8")).has(anchor)) {
        problems.push(`${where}: no heading #${anchor} in ${relative(root, resolved)}`);
      }
    }
  }
  return problems;
}
