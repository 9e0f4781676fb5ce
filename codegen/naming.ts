/**
 * Where a schema lives in the generated tree and what its type is called. A module's
 * path depends only on the schema's own group and version, never on what else the spec
 * holds, so installing a CRD never moves another module:
 *
 * `io.k8s.api.apps.v1.Deployment` -> module `apps/v1`, type `Deployment`;
 * `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` -> `meta/v1`;
 * `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition` -> `apiextensions/v1`;
 * unversioned apimachinery types (Quantity, IntOrString, RawExtension) -> `apimachinery`;
 * a CRD's `io.istio.networking.v1.VirtualService` (published under its reversed group) ->
 * `networking.istio.io/v1`, the group's full name.
 *
 * @example
 * ```ts
 * import { locateSchema, type SchemaLocation } from "kubex/codegen";
 *
 * const where: SchemaLocation = locateSchema("io.k8s.api.apps.v1.Deployment");
 * console.log(`${where.name} is in kubex/k8s/v1_35/${where.module}`); // Deployment is in kubex/k8s/v1_35/apps/v1
 * ```
 */
export interface SchemaLocation {
  /** Module path below the version label, e.g. `core/v1`. */
  readonly module: string;
  /** Exported type name: the bare Kind. */
  readonly name: string;
}

const versionPattern = /^v\d+((alpha|beta)\d+)?$/;

/**
 * The packages of the built-in API groups, under which a schema's next label is its
 * package's short directory (`io.k8s.api.networking` -> `networking`, which is what
 * `networking.k8s.io` has always been). A CRD group always has a dot in its name, so its
 * directory never meets one of these.
 */
const builtInPackages = ["io.k8s.api.", "io.k8s.apimachinery.pkg.apis.", "io.k8s.apiextensions-apiserver.pkg.apis.", "io.k8s.kube-aggregator.pkg.apis."];

/** A schema of a built-in API group (not a custom resource's or an aggregated server's). */
export function isBuiltInSchema(schemaName: string): boolean {
  return builtInPackages.some((prefix) => schemaName.startsWith(prefix));
}

/**
 * The module and type name of a schema in the generated tree.
 *
 * @example
 * ```ts
 * import { locateSchema } from "kubex/codegen";
 *
 * locateSchema("io.k8s.api.core.v1.Pod"); // { module: "core/v1", name: "Pod" }
 * locateSchema("io.k8s.apimachinery.pkg.api.resource.Quantity"); // { module: "apimachinery", name: "Quantity" }
 * locateSchema("io.istio.networking.v1.VirtualService"); // { module: "networking.istio.io/v1", name: "VirtualService" }
 * ```
 */
export function locateSchema(schemaName: string): SchemaLocation {
  const parts = schemaName.split(".");
  const name = toIdentifier(parts[parts.length - 1] ?? schemaName);
  const version = parts[parts.length - 2];
  const versioned = version !== undefined && versionPattern.test(version);
  const pkg = parts.slice(0, versioned ? -2 : -1).join(".");
  const builtIn = builtInPackages.map((prefix) => (pkg.startsWith(prefix) ? pkg.slice(prefix.length) : "")).find((rest) => /^[^.]+$/.test(rest));
  if (versioned && builtIn !== undefined) return { module: `${toPathSegment(builtIn)}/${version}`, name };
  if (schemaName.startsWith("io.k8s.apimachinery.")) return { module: "apimachinery", name };
  if (pkg === "") return { module: "types", name };
  const group = toPathSegment(pkg.split(".").reverse().join("."));
  return { module: versioned ? `${group}/${version}` : group, name };
}

/** A directory name: DNS names (a group, a package) as they are, anything else made safe (never `..` or hidden). */
function toPathSegment(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, "_")
    .replace(/^\./, "_");
}

function toIdentifier(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_$]/g, "_");
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

/** A property name as TypeScript accepts it: bare when it is an identifier, quoted otherwise. */
export function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** A relative module specifier from one generated module to another (`../../apps/v1/index.js`). */
export function relativeModule(from: string, to: string): string {
  const fromParts = from.split("/");
  const toParts = to.split("/");
  let common = 0;
  while (common < fromParts.length && common < toParts.length && fromParts[common] === toParts[common]) common++;
  const up = fromParts.length - common;
  const rest = toParts.slice(common);
  const prefix = up === 0 ? "./" : "../".repeat(up);
  return `${prefix}${[...rest, "index.js"].join("/")}`;
}
