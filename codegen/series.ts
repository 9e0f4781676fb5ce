/**
 * A series of versions generated together (oldest first) into one output root, with the
 * modules that did not change since the previous version shared (see share.ts). One process
 * for all versions, so checking six costs one start of the generator.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { generateFiles } from "./index.js";
import { shareIdenticalModules } from "./share.js";
import { diffGenerated, writeGenerated } from "./output.js";
import type { GeneratedFiles } from "./emit.js";

export interface SeriesOptions {
  /**
   * The versions, oldest first: each spec (a file or a v3 directory), its label and its enum
   * catalog; with the release (`1.35.4`) and its `k8s.io/api` directory, the kinds it
   * deprecates get `@deprecated`.
   */
  readonly versions: readonly { readonly label: string; readonly input: string; readonly enums?: string; readonly kubeVersion?: string; readonly apiModule?: string }[];
  /** Output root; each version goes to `<out>/<label>/`. */
  readonly out: string;
  /** How generated files import the runtime, as in `GenerateOptions.runtime`. */
  readonly runtime?: string;
}

/** Every version's files, by label, with shared modules as re-exports. */
export async function generateSeriesFiles(options: SeriesOptions): Promise<Map<string, GeneratedFiles>> {
  const versions = [];
  for (const { label, input, enums, kubeVersion, apiModule } of options.versions) {
    const optional = { ...(options.runtime ? { runtime: options.runtime } : {}), ...(enums ? { enums } : {}), ...(kubeVersion ? { kubeVersion } : {}), ...(apiModule ? { apiModule } : {}) };
    versions.push({ label, files: await generateFiles({ input, label, out: options.out, ...optional }) });
  }
  return shareIdenticalModules(versions);
}

/** Writes every version of the series, each replaced whole. Returns the number of files per label. */
export async function generateSeries(options: SeriesOptions): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const [label, files] of await generateSeriesFiles(options)) {
    writeGenerated(join(options.out, label), files);
    counts.set(label, files.size);
  }
  return counts;
}

/**
 * The files (as `<label>/<path>`) that differ from the generator's output, are missing, or are
 * extra, and the directories under the output root that belong to no version of the series.
 */
export async function checkSeries(options: SeriesOptions): Promise<string[]> {
  const labels = new Set(options.versions.map((v) => v.label));
  const present = existsSync(options.out) ? readdirSync(options.out, { withFileTypes: true }).filter((e) => e.isDirectory()) : [];
  const differing = present.filter((e) => !labels.has(e.name)).map((e) => `${e.name}/`);
  for (const [label, files] of await generateSeriesFiles(options)) {
    differing.push(...diffGenerated(join(options.out, label), files).map((path) => `${label}/${path}`));
  }
  return differing;
}
