/**
 * Generates the lifecycle manifest from several releases' specs (and their Go types'
 * declarations), writes it or checks it; and gives one release's `@deprecated` texts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { format } from "prettier";
import { applyFixups } from "./fixups.js";
import { loadSpec, type NormalizedSpec } from "./load.js";
import { prettierOptions } from "./emit.js";
import { readDeclaredLifecycle } from "./lifecycle-declared.js";
import { buildLifecycle, deprecationText, lifecycleModule, releaseFacts } from "./lifecycle.js";
import { SpecError } from "./errors.js";

/**
 * One release: its version (`1.35.4` or `1.35`), its spec, and optionally its `k8s.io/api` module directory.
 *
 * @example
 * ```ts
 * import { type LifecycleRelease } from "kubex-gen";
 *
 * // With the module (as `go mod download k8s.io/api@v0.35.4` places it), its zz_generated.prerelease-lifecycle.go files count too.
 * const apiModule = `${process.env.HOME}/go/pkg/mod/k8s.io/api@v0.35.4`;
 * const release: LifecycleRelease = { version: "1.35.4", input: "specs/swagger-v1.35.json", apiModule };
 * ```
 */
export interface LifecycleRelease {
  readonly version: string;
  readonly input: string;
  readonly apiModule?: string;
}

/**
 * The releases to build the lifecycle manifest from (in any order), and the manifest file.
 *
 * @example
 * ```ts
 * import { checkLifecycle, type LifecycleOptions } from "kubex-gen";
 *
 * const options: LifecycleOptions = {
 *   releases: [
 *     { version: "1.34.6", input: "specs/swagger-v1.34.json" },
 *     { version: "1.35.4", input: "specs/swagger-v1.35.json" },
 *   ],
 *   out: "src/k8s/lifecycle.ts",
 * };
 * console.log(await checkLifecycle(options));
 * ```
 */
export interface LifecycleOptions {
  readonly releases: readonly LifecycleRelease[];
  /** The manifest file to write or check, e.g. `generated/lifecycle.ts`. */
  readonly out: string;
}

/** `1.35.4` -> `1.35`. */
export function minorOf(version: string): string {
  const match = /^v?(\d+)\.(\d+)(\.\d+)?$/.exec(version);
  if (!match) throw new SpecError(version, "not a Kubernetes version such as 1.35.4");
  return `${match[1]}.${match[2]}`;
}

/** The manifest's text. */
export async function lifecycleFile(releases: readonly LifecycleRelease[]): Promise<string> {
  const inputs = releases.map((r) => ({
    minor: minorOf(r.version),
    spec: applyFixups(loadSpec(r.input), r.input),
    ...(r.apiModule ? { declared: readDeclaredLifecycle(r.apiModule) } : {}),
  }));
  return format(lifecycleModule(buildLifecycle(inputs), inputs.map((i) => i.minor)), prettierOptions);
}

/**
 * Writes the lifecycle manifest of the releases to `out`, creating its directory.
 *
 * @example
 * ```ts
 * import { generateLifecycle } from "kubex-gen";
 *
 * await generateLifecycle({
 *   releases: [
 *     { version: "1.34.6", input: "specs/swagger-v1.34.json" },
 *     { version: "1.35.4", input: "specs/swagger-v1.35.json" },
 *   ],
 *   out: "src/k8s/lifecycle.ts",
 * });
 * ```
 */
export async function generateLifecycle(options: LifecycleOptions): Promise<void> {
  const text = await lifecycleFile(options.releases);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, text);
}

/**
 * Whether the manifest on disk is what the generator makes.
 *
 * @example
 * ```ts
 * import { checkLifecycle } from "kubex-gen";
 *
 * // In CI: fail when the committed manifest is not what the specs give.
 * const releases = [{ version: "1.34.6", input: "specs/swagger-v1.34.json" }, { version: "1.35.4", input: "specs/swagger-v1.35.json" }];
 * if (!(await checkLifecycle({ releases, out: "src/k8s/lifecycle.ts" }))) throw new Error("regenerate src/k8s/lifecycle.ts");
 * ```
 */
export async function checkLifecycle(options: LifecycleOptions): Promise<boolean> {
  return existsSync(options.out) && readFileSync(options.out, "utf8") === (await lifecycleFile(options.releases));
}

/** The `@deprecated` text of each kind deprecated in or before this release, by `apiVersion/kind`. */
export function releaseDeprecations(spec: NormalizedSpec, version: string, apiModule?: string): Map<string, string> {
  const minor = minorOf(version);
  const deprecations = new Map<string, string>();
  for (const [key, facts] of releaseFacts({ spec, ...(apiModule ? { declared: readDeclaredLifecycle(apiModule) } : {}) })) {
    const text = deprecationText(facts, minor);
    if (text !== undefined) deprecations.set(key, text);
  }
  return deprecations;
}
