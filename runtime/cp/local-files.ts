/**
 * Local side of `cp`: an archive's entries written under a target directory with
 * kubectl's safety rules, and a local file or directory read as archive entries.
 */
import { createReadStream } from "node:fs";
import { lstat, mkdir, open, readdir, realpath } from "node:fs/promises";
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import type { TarEntry, TarWriteEntry } from "./tar.js";

/**
 * An entry `cp` did not write, and why (kubectl prints these as warnings).
 *
 * @example
 * ```ts
 * const skipped: SkippedEntry[] = [];
 * await pods.cp.fromPod("web-0", "/app", "./app", { onSkipped: (entry) => skipped.push(entry) });
 * const links = skipped.filter((entry) => entry.reason === "a symbolic link");
 * ```
 */
export interface SkippedEntry {
  readonly name: string;
  readonly reason: "outside the target" | "a symbolic link" | "a hard link" | "not a file or directory";
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
};

/**
 * Where an archive entry lands: its first path component replaced by `target`
 * (the name the copy gets), or undefined when it would leave the target.
 */
export function destinationOf(entryName: string, target: string): string | undefined {
  const normalized = posix.normalize(entryName.replace(/^\.\//, ""));
  if (normalized.startsWith("/") || normalized === ".." || normalized.startsWith("../")) return undefined;
  const [, ...rest] = normalized.split("/").filter((p) => p !== "" && p !== ".");
  const destination = resolve(target, ...rest);
  return inside(resolve(target), destination) ? destination : undefined;
}

/** Writes one archive entry under `target`; returns why it was skipped, if it was. */
export async function extractEntry(entry: TarEntry, data: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, target: string): Promise<SkippedEntry | undefined> {
  if (entry.type === "symlink") return { name: entry.name, reason: "a symbolic link" };
  if (entry.type === "hardlink") return { name: entry.name, reason: "a hard link" };
  if (entry.type === "other") return { name: entry.name, reason: "not a file or directory" };
  const destination = destinationOf(entry.name, target);
  if (!destination) return { name: entry.name, reason: "outside the target" };
  const parent = entry.type === "directory" ? destination : dirname(destination);
  await mkdir(parent, { recursive: true, mode: 0o755 });
  // A link already in the target directory must not carry the copy elsewhere. A single file
  // copied to `target` itself lands in the directory the caller chose, which is its root.
  const chosen = destination === resolve(target) ? parent : resolve(target);
  const root = await realpath(chosen).catch(() => chosen);
  if (!inside(root, await realpath(parent))) return { name: entry.name, reason: "outside the target" };
  if (entry.type === "directory") return undefined;
  const existing = await lstat(destination).catch(() => undefined);
  if (existing?.isSymbolicLink()) return { name: entry.name, reason: "outside the target" };
  const file = await open(destination, "w", entry.mode & 0o777);
  try {
    for await (const piece of data) await file.write(piece);
    await file.chmod(entry.mode & 0o777);
  } finally {
    await file.close();
  }
  return undefined;
}

/** A local file or directory as archive entries named `name/...`; links and devices are reported and left out. */
export async function* localEntries(path: string, name: string, skipped: SkippedEntry[]): AsyncGenerator<TarWriteEntry> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) {
    skipped.push({ name, reason: "a symbolic link" });
    return;
  }
  if (info.isFile()) {
    yield { name, type: "file", mode: info.mode, mtime: info.mtimeMs / 1000, size: info.size, data: createReadStream(path) };
    return;
  }
  if (!info.isDirectory()) {
    skipped.push({ name, reason: "not a file or directory" });
    return;
  }
  yield { name, type: "directory", mode: info.mode, mtime: info.mtimeMs / 1000 };
  for (const child of (await readdir(path)).sort()) yield* localEntries(join(path, child), `${name}/${child}`, skipped);
}
