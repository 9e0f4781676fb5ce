/**
 * Writes generated files into `--out/<label>` all at once (a sibling temp dir
 * renamed into place, so a failure leaves nothing half-written), or compares
 * them with what is there (`--check`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { GeneratedFiles } from "./emit.js";

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

export function writeGenerated(target: string, files: GeneratedFiles): void {
  const staging = `${target}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      writeFileSync(join(staging, path), text);
    }
    const old = `${target}.old-${process.pid}`;
    if (existsSync(target)) renameSync(target, old);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(staging, target);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Paths (relative to `target`) that differ from the generated files, are missing, or are extra. */
export function diffGenerated(target: string, files: GeneratedFiles): string[] {
  const differing: string[] = [];
  for (const [path, text] of files) {
    const full = join(target, path);
    if (!existsSync(full) || readFileSync(full, "utf8") !== text) differing.push(path);
  }
  for (const full of listFiles(target)) {
    const path = relative(target, full).split("\\").join("/");
    if (!files.has(path)) differing.push(path);
  }
  return differing.sort();
}
