/**
 * Where a schema lives in the generated tree and what its type is called.
 *
 * `io.k8s.api.apps.v1.Deployment` -> module `apps/v1`, type `Deployment`;
 * `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` -> `meta/v1`;
 * `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition` -> `apiextensions/v1`;
 * unversioned apimachinery types (Quantity, IntOrString, RawExtension) -> `apimachinery`;
 * a CRD's `com.example.v1.Widget` -> `example/v1`.
 */
export interface SchemaLocation {
  /** Module path below the version label, e.g. `core/v1`. */
  readonly module: string;
  /** Exported type name: the bare Kind. */
  readonly name: string;
}

const versionPattern = /^v\d+((alpha|beta)\d+)?$/;

export function locateSchema(schemaName: string): SchemaLocation {
  const parts = schemaName.split(".");
  const name = toIdentifier(parts[parts.length - 1] ?? schemaName);
  const version = parts[parts.length - 2];
  const group = parts[parts.length - 3];
  if (version !== undefined && group !== undefined && versionPattern.test(version)) {
    return { module: `${toPathSegment(group)}/${version}`, name };
  }
  if (schemaName.startsWith("io.k8s.apimachinery.")) return { module: "apimachinery", name };
  return { module: toPathSegment(parts.length > 1 ? parts[parts.length - 2]! : "types"), name };
}

/**
 * Locations of all schemas of a spec. When two groups land in the same directory
 * with a type name in common (CRDs `com.example.v1.Foo` and `org.example.v1.Foo`
 * both in `example/v1`), each of those groups moves, whole, to a directory named
 * by its full domain (`example_com/v1`, `example_org/v1`), so no type is lost.
 */
export function locateSchemas(schemaNames: Iterable<string>): Map<string, SchemaLocation> {
  const names = [...schemaNames].sort();
  const located = new Map(names.map((n) => [n, locateSchema(n)] as const));
  const owners = new Map<string, Set<string>>();
  for (const [schemaName, { module, name }] of located) {
    const key = `${module}\u0000${name}`;
    owners.set(key, (owners.get(key) ?? new Set()).add(groupPrefix(schemaName)));
  }
  const relocated = new Set<string>();
  for (const prefixes of owners.values()) if (prefixes.size > 1) for (const p of prefixes) relocated.add(p);
  for (const [schemaName, location] of located) {
    const prefix = groupPrefix(schemaName);
    const version = location.module.split("/")[1];
    if (!relocated.has(prefix) || version === undefined) continue;
    const domain = prefix.split(".").reverse().join(".");
    located.set(schemaName, { module: `${toPathSegment(domain)}/${version}`, name: location.name });
  }
  return located;
}

/** The schema name without its version and type: `com.example.v1.Foo` -> `com.example`. */
function groupPrefix(schemaName: string): string {
  return schemaName.split(".").slice(0, -2).join(".");
}

function toPathSegment(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]/g, "_");
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
