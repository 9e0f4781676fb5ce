/**
 * What the Kubernetes Go types declare about each kind's lifecycle: the
 * `zz_generated.prerelease-lifecycle.go` files of the `k8s.io/api` module at a
 * release's version. Their methods have a fixed shape, with upstream's defaults
 * already applied (deprecated = introduced + 3 minors, removed = deprecated + 3):
 *
 *   func (in *CronJob) APILifecycleDeprecated() (major, minor int) {
 *   	return 1, 21
 *   }
 *   func (in *CronJob) APILifecycleReplacement() schema.GroupVersionKind {
 *   	return schema.GroupVersionKind{Group: "batch", Version: "v1", Kind: "CronJob"}
 *   }
 *
 * The API server warns about a kind from its `deprecated` minor and stops serving
 * it at `removed`; the published specs carry neither.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { readText } from "./load.js";
import type { GroupVersionKind } from "./load.js";

/** One type's declared lifecycle; minors as `"1.21"`. */
export interface DeclaredLifecycle {
  introduced?: string;
  deprecated?: string;
  removed?: string;
  replacement?: GroupVersionKind;
}

const fileName = "zz_generated.prerelease-lifecycle.go";
const minorMethod = /func \(in \*(\w+)\) APILifecycle(Introduced|Deprecated|Removed)\(\) \(major, minor int\) \{\s*return (\d+), (\d+)\s*\}/g;
const replacementMethod =
  /func \(in \*(\w+)\) APILifecycleReplacement\(\) schema\.GroupVersionKind \{\s*return schema\.GroupVersionKind\{Group: "([^"]*)", Version: "([^"]*)", Kind: "([^"]*)"\}\s*\}/g;

/** The declarations of one Go package's file, keyed by Go type name. */
export function parseDeclaredLifecycle(source: string): Map<string, DeclaredLifecycle> {
  const types = new Map<string, DeclaredLifecycle>();
  const of = (name: string) => types.get(name) ?? types.set(name, {}).get(name)!;
  for (const [, name, which, major, minor] of source.matchAll(minorMethod)) {
    of(name!)[which!.toLowerCase() as "introduced" | "deprecated" | "removed"] = `${major}.${minor}`;
  }
  for (const [, name, group, version, kind] of source.matchAll(replacementMethod)) {
    of(name!).replacement = { group: group!, version: version!, kind: kind! };
  }
  return types;
}

/**
 * Every declaration of a `k8s.io/api` module directory, keyed by OpenAPI schema name
 * (`resource/v1beta1` type `ResourceClaim` -> `io.k8s.api.resource.v1beta1.ResourceClaim`),
 * which joins them with the spec's kinds without knowing group names.
 */
export function readDeclaredLifecycle(apiModuleDir: string): Map<string, DeclaredLifecycle> {
  const declared = new Map<string, DeclaredLifecycle>();
  for (const group of readdirSync(apiModuleDir).sort()) {
    const groupDir = join(apiModuleDir, group);
    if (!statSync(groupDir).isDirectory()) continue;
    for (const version of readdirSync(groupDir).sort()) {
      const file = join(groupDir, version, fileName);
      if (!existsSync(file)) continue;
      for (const [type, lifecycle] of parseDeclaredLifecycle(readText(file))) declared.set(`io.k8s.api.${group}.${version}.${type}`, lifecycle);
    }
  }
  return declared;
}
