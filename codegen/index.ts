/**
 * kubex-gen as a library: read a Kubernetes OpenAPI spec (Swagger 2.0, OpenAPI v3,
 * or a directory of v3 documents) and emit typed modules and resource descriptors.
 */
import { join, relative } from "node:path";
import { loadSpec } from "./load.js";
import { applyFixups } from "./fixups.js";
import { emit, type GeneratedFiles } from "./emit.js";
import { diffGenerated, writeGenerated } from "./output.js";

export { SpecError } from "./errors.js";
export { loadSpec, type NormalizedSpec, type Schema, type SpecFormat } from "./load.js";
export { applyFixups, fixups, type Fixup } from "./fixups.js";
export { findResources, type Resource } from "./resources.js";
export { locateSchema } from "./naming.js";
export type { GeneratedFiles } from "./emit.js";

export interface GenerateOptions {
  /** A spec file, or a directory of OpenAPI v3 group-version documents. */
  readonly input: string;
  /** Output root; files go to `<out>/<label>/`. */
  readonly out: string;
  /** Version label, e.g. `v1_35`. */
  readonly label: string;
  /**
   * How generated files import the runtime's types: a package name (`kubex`, the
   * default) or a path to the runtime's index file, imported relatively.
   */
  readonly runtime?: string;
}

/** Generates the files in memory, keyed by path relative to `<out>/<label>`. */
export async function generateFiles(options: GenerateOptions): Promise<GeneratedFiles> {
  const spec = applyFixups(loadSpec(options.input), options.input);
  const runtime = options.runtime ?? "kubex";
  const isPath = runtime.startsWith(".") || runtime.startsWith("/") || /\.[jt]s$/.test(runtime);
  const versionDir = join(options.out, options.label);
  return emit(spec, {
    runtimeModule: (module) => {
      if (!isPath) return runtime;
      const from = module === "" ? versionDir : join(versionDir, module);
      const specifier = relative(from, runtime.replace(/\.ts$/, ".js")).split("\\").join("/");
      return specifier.startsWith(".") ? specifier : `./${specifier}`;
    },
  });
}

/** Generates and writes `<out>/<label>/`, replacing it whole. Returns the number of files. */
export async function generate(options: GenerateOptions): Promise<number> {
  const files = await generateFiles(options);
  writeGenerated(join(options.out, options.label), files);
  return files.size;
}

/** Generates in memory and lists the files under `<out>/<label>/` that differ. */
export async function check(options: GenerateOptions): Promise<string[]> {
  const files = await generateFiles(options);
  return diffGenerated(join(options.out, options.label), files);
}
