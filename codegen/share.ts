/**
 * Shares identical modules across the versions of one series (oldest first). A version's
 * module becomes a re-export of the previous version's when its text is the same and every
 * module it imports inside the version is shared too: the same text could otherwise name
 * types of another version (apps/v1 is unchanged, core/v1's PodSpec is not). A re-export
 * always names the first version that wrote the module out, so identical types are one
 * declaration, the same type to the compiler, and stored once.
 */
import { posix } from "node:path";
import { header, type GeneratedFiles } from "./emit.js";

export interface SeriesVersion {
  readonly label: string;
  readonly files: GeneratedFiles;
}

/** The modules (paths relative to the version directory) that `text` imports inside the version. */
function importsOf(path: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)"(\.{1,2}\/[^"]+)"/g)) {
    const target = posix.normalize(posix.join(posix.dirname(path), match[1]!)).replace(/\.js$/, ".ts");
    if (!target.startsWith("../")) found.push(target);
  }
  return found;
}

function reExport(fromLabel: string, path: string, toLabel: string): string {
  const specifier = posix.relative(posix.dirname(`${fromLabel}/${path}`), `${toLabel}/${path}`).replace(/\.ts$/, ".js");
  return `${header}\n// The same module as ${toLabel}'s: one declaration, so one type for the compiler.\nexport * from "${specifier}";\n`;
}

/** The files of each version, by label, with shared modules replaced by re-exports. The input is not changed. */
export function shareIdenticalModules(versions: readonly SeriesVersion[]): Map<string, GeneratedFiles> {
  const result = new Map<string, GeneratedFiles>();
  // For each path of the previous version: the label of the version whose file it shares.
  let owners = new Map<string, string>();
  let previous: GeneratedFiles | undefined;
  for (const { label, files } of versions) {
    const shared = new Set([...files].filter(([path, text]) => previous?.get(path) === text).map(([path]) => path));
    // Unshare until every shared module imports only shared modules (the greatest such set, so cycles stay shared).
    for (let changed = true; changed; ) {
      changed = false;
      for (const path of shared) {
        if (importsOf(path, files.get(path)!).some((target) => !shared.has(target))) {
          shared.delete(path);
          changed = true;
        }
      }
    }
    const out: GeneratedFiles = new Map();
    const nextOwners = new Map<string, string>();
    for (const [path, text] of files) {
      const owner = shared.has(path) ? owners.get(path)! : label;
      nextOwners.set(path, owner);
      out.set(path, owner === label ? text : reExport(label, path, owner));
    }
    result.set(label, out);
    owners = nextOwners;
    previous = files;
  }
  return result;
}
