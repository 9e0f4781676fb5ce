/**
 * kubex-gen as a library: read a Kubernetes OpenAPI spec (Swagger 2.0, OpenAPI v3,
 * or a directory of v3 documents) and emit typed modules and resource descriptors.
 */
import { dirname, join, relative } from "node:path";
import { loadDocuments, loadSpec } from "./load.js";
import { fetchClusterSpec, type ClusterSource } from "./cluster.js";
import { applyFixups } from "./fixups.js";
import { applyEnums, openBuiltInEnums, readEnumCatalog } from "./enums.js";
import { readCrds, specFromCrds } from "./crd.js";
import { emit, type GeneratedFiles } from "./emit.js";
import { diffGenerated, writeGenerated } from "./output.js";
import { releaseDeprecations } from "./lifecycle-files.js";

export { SpecError } from "./errors.js";
export { fetchClusterSpec, ClusterSpecError, type ClusterFailure, type ClusterSource, type SpecClient } from "./cluster.js";
export { loadSpec, loadDocuments, type SpecDocument, type NormalizedSpec, type Schema, type SpecFormat, type SpecPath, type Operation, type GroupVersionKind, type ValidationRule } from "./load.js";
export { applyFixups, fixups, type Fixup } from "./fixups.js";
export { findResources, type Resource, type ScalePaths } from "./resources.js";
export { readCrds, specFromCrds, type CrdSource } from "./crd.js";
export { locateSchema, type SchemaLocation } from "./naming.js";
export { applyEnums, openBuiltInEnums, readEnumCatalog, type EnumCatalog, type EnumField, type EnumValue } from "./enums.js";
export type { GeneratedFiles } from "./emit.js";
export { generateLifecycle, checkLifecycle, type LifecycleOptions, type LifecycleRelease } from "./lifecycle-files.js";

/**
 * What `generate` reads (an OpenAPI spec), where it writes, and under which version label.
 *
 * @example
 * ```ts
 * import { generate, type GenerateOptions } from "kubex-gen";
 *
 * const options: GenerateOptions = { input: "specs/swagger-v1.35.json", out: "src/k8s", label: "v1_35" };
 * console.log(`${await generate(options)} files in src/k8s/v1_35/`);
 * ```
 */
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
  /**
   * An enum catalog (what `codegen/enums` prints for the spec's Kubernetes version): its
   * enums become open literal unions. A server's own spec carries them already.
   */
  readonly enums?: string;
  /** The Kubernetes release the spec is from (`1.35.4`): kinds deprecated by then get `@deprecated`. */
  readonly kubeVersion?: string;
  /** That release's `k8s.io/api` module directory, whose Go types declare deprecations of prerelease kinds. */
  readonly apiModule?: string;
}

/**
 * What `generate` reads when the input is CRD manifests rather than a spec.
 *
 * @example
 * ```ts
 * import { generate, type CrdGenerateOptions } from "kubex-gen";
 *
 * // Types and descriptors for cert-manager's CRDs, importing ObjectMeta from kubex's 1.35 module.
 * const options: CrdGenerateOptions = { crds: ["crds/cert-manager.crds.yaml"], out: "src/crds", label: "cert_manager" };
 * await generate(options);
 * ```
 */
export interface CrdGenerateOptions extends Omit<GenerateOptions, "input" | "enums" | "kubeVersion" | "apiModule"> {
  /** CRD manifests: files (multi-document YAML or JSON, or a `List`) and directories of them. */
  readonly crds: readonly string[];
  /**
   * Where the meta types (`ObjectMeta`, `ListMeta`) come from: a module specifier (default
   * `<runtime>/k8s/v1_35/meta/v1`) or a path to a generated `meta/v1/index.ts`, imported relatively.
   */
  readonly metaModule?: string;
}

/**
 * What `generate` reads when the input is a live cluster: its `/openapi/v3` documents, CRDs included.
 *
 * @example
 * ```ts
 * import { generate, type ClusterGenerateOptions } from "kubex-gen";
 *
 * // As `kubex-gen --from-cluster --context staging --out src/k8s --label cluster`:
 * const options: ClusterGenerateOptions = { cluster: { context: "staging" }, out: "src/k8s", label: "cluster" };
 * await generate(options);
 * ```
 */
export interface ClusterGenerateOptions extends Omit<GenerateOptions, "input" | "enums" | "kubeVersion" | "apiModule"> {
  /** The live cluster to read `/openapi/v3` from (built-in groups and CRDs). */
  readonly cluster: ClusterSource;
}

/**
 * Any of the generator's inputs: a spec file or directory, a live cluster, or CRD manifests.
 *
 * @example
 * ```ts
 * import { check, type AnyGenerateOptions } from "kubex-gen";
 *
 * const targets: AnyGenerateOptions[] = [
 *   { input: "specs/swagger-v1.35.json", out: "src/k8s", label: "v1_35" },
 *   { cluster: { context: "staging" }, out: "src/k8s", label: "cluster" },
 *   { crds: ["crds/"], out: "src/crds", label: "example" },
 * ];
 * for (const options of targets) console.log(options.label, await check(options));
 * ```
 */
export type AnyGenerateOptions = GenerateOptions | ClusterGenerateOptions | CrdGenerateOptions;

const isPath = (target: string) => target.startsWith(".") || target.startsWith("/") || /\.[jt]s$/.test(target);

/** How a generated module imports `target`: a package specifier as it is, a path relatively. */
function importer(target: string, versionDir: string): (module: string) => string {
  if (!isPath(target)) return () => target;
  return (module) => {
    const from = module === "" ? versionDir : join(versionDir, module);
    const specifier = relative(from, target.replace(/\.ts$/, ".js")).split("\\").join("/");
    return specifier.startsWith(".") ? specifier : `./${specifier}`;
  };
}

/**
 * Generates the files in memory, keyed by path relative to `<out>/<label>`.
 *
 * @example
 * ```ts
 * import { generateFiles } from "kubex-gen";
 *
 * const files = await generateFiles({ crds: ["crds/widgets.yaml"], out: "src/crds", label: "example" });
 * for (const [path, text] of files) console.log(path, text.length); // "example.com/v1/index.ts" ...
 * ```
 */
export async function generateFiles(options: AnyGenerateOptions): Promise<GeneratedFiles> {
  const runtime = options.runtime ?? "kubex";
  const versionDir = join(options.out, options.label);
  if ("crds" in options) {
    const meta = options.metaModule ?? (isPath(runtime) ? join(dirname(runtime), "../generated/k8s/v1_35/meta/v1/index.ts") : `${runtime}/k8s/v1_35/meta/v1`);
    const metaImport = importer(meta, versionDir);
    return emit(specFromCrds(readCrds(options.crds)), {
      runtimeModule: importer(runtime, versionDir),
      externalModule: (from, module) => (module === "meta/v1" ? metaImport(from) : undefined),
    });
  }
  if ("cluster" in options) {
    // A server serves its enums itself (the OpenAPIEnums gate is on by default).
    const spec = applyFixups(loadDocuments(await fetchClusterSpec(options.cluster)), "/openapi/v3");
    return emit(openBuiltInEnums(spec), { runtimeModule: importer(runtime, versionDir) });
  }
  const fixed = applyFixups(loadSpec(options.input), options.input);
  const spec = options.enums === undefined ? fixed : applyEnums(fixed, readEnumCatalog(options.enums));
  const deprecations = options.kubeVersion === undefined ? undefined : releaseDeprecations(spec, options.kubeVersion, options.apiModule);
  return emit(openBuiltInEnums(spec), { runtimeModule: importer(runtime, versionDir), ...(deprecations ? { deprecations } : {}) });
}

/**
 * Generates and writes `<out>/<label>/`, replacing it whole. Returns the number of files.
 *
 * @example
 * ```ts
 * import { generate } from "kubex-gen";
 *
 * // As `kubex-gen --input specs/swagger-v1.35.json --out src/k8s --label v1_35`:
 * const count = await generate({ input: "specs/swagger-v1.35.json", out: "src/k8s", label: "v1_35" });
 * ```
 */
export async function generate(options: AnyGenerateOptions): Promise<number> {
  const files = await generateFiles(options);
  writeGenerated(join(options.out, options.label), files);
  return files.size;
}

/**
 * Generates in memory and lists the files under `<out>/<label>/` that differ.
 *
 * @example
 * ```ts
 * import { check } from "kubex-gen";
 *
 * // In CI: fail when the committed generated files are not what the spec gives.
 * const stale = await check({ crds: ["crds/"], out: "src/crds", label: "example" });
 * if (stale.length > 0) throw new Error(`regenerate: ${stale.join(", ")}`);
 * ```
 */
export async function check(options: AnyGenerateOptions): Promise<string[]> {
  const files = await generateFiles(options);
  return diffGenerated(join(options.out, options.label), files);
}
