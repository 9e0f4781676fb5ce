/**
 * CustomResourceDefinition manifests -> the spec a cluster would publish for them, with no
 * cluster needed. For each served version of each CRD: the kind's schema (its
 * `openAPIV3Schema` plus `apiVersion`, `kind` and `metadata`, as the apiextensions server
 * adds them), its List, and the resource itself (scope, plural, short names, and the
 * `status`/`scale` subresources only when the version declares them, with the scale paths).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, type Tags } from "yaml";
import { SpecError } from "./errors.js";
import { readText, type NormalizedSpec, type Schema } from "./load.js";
import type { Resource } from "./resources.js";

const metaPackage = "io.k8s.apimachinery.pkg.apis.meta.v1";
const crdApiVersion = "apiextensions.k8s.io/v1";

type EmbeddableSchema = Schema & { "x-kubernetes-embedded-resource"?: boolean };

interface CrdVersion {
  name: string;
  served?: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: Schema };
  subresources?: { status?: object; scale?: { specReplicasPath?: string; statusReplicasPath?: string; labelSelectorPath?: string } };
}

interface Crd {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
  spec?: {
    group?: string;
    scope?: string;
    names?: { plural?: string; singular?: string; kind?: string; listKind?: string; shortNames?: string[]; categories?: string[] };
    versions?: CrdVersion[];
  };
}

/**
 * A CRD with the file it came from, for messages.
 *
 * @example
 * ```ts
 * import { readCrds, type CrdSource } from "kubex-gen";
 *
 * const sources: CrdSource[] = readCrds(["crds/"]);
 * for (const { file, crd } of sources) console.log(file, (crd as { metadata?: { name?: string } }).metadata?.name);
 * ```
 */
export interface CrdSource {
  readonly file: string;
  readonly crd: unknown;
}

const yamlFile = /\.(ya?ml|json)$/;

/**
 * CRD files are read as kubectl reads what it applies, with the rules of the runtime's
 * `parseManifests`: YAML 1.1 (an unquoted `yes`, `no`, `on` or `off` is a boolean, so the
 * types match what the cluster stores), merge keys, keys unique in a map, and an unquoted date
 * kept as the text written rather than a `Date`.
 */
const kubectlYaml = {
  version: "1.1",
  merge: true,
  uniqueKeys: true,
  customTags: (tags: Tags): Tags => tags.filter((tag) => typeof tag === "string" || tag.tag !== "tag:yaml.org,2002:timestamp"),
  logLevel: "error",
} as const;

/**
 * The CRDs in files and directories (their `.yaml`, `.yml` and `.json` files): every document, and the items of a `List`.
 *
 * @example
 * ```ts
 * import { readCrds, specFromCrds } from "kubex-gen";
 *
 * // Every CustomResourceDefinition in crds/ (*.yaml, *.yml, *.json), a List's items included.
 * const spec = specFromCrds(readCrds(["crds/", "vendor/cert-manager.crds.yaml"]));
 * ```
 */
export function readCrds(inputs: readonly string[]): CrdSource[] {
  const files = inputs.flatMap((input) => {
    try {
      return statSync(input).isDirectory()
        ? readdirSync(input).filter((f) => yamlFile.test(f)).sort().map((f) => join(input, f))
        : [input];
    } catch (error) {
      throw new SpecError(input, `cannot read: ${(error as Error).message}`);
    }
  });
  const crds = files.flatMap((file) =>
    parseAllDocuments(readText(file), kubectlYaml).flatMap((doc, index) => {
      if (doc.errors.length > 0) throw new SpecError(file, `document ${index + 1} is not YAML: ${doc.errors[0]!.message}`);
      const value = doc.toJS() as { kind?: string; items?: unknown[] } | null;
      const items = value?.kind === "List" && Array.isArray(value.items) ? value.items : [value];
      return items.filter((item) => (item as Crd | null)?.kind === "CustomResourceDefinition").map((crd) => ({ file, crd }));
    }),
  );
  if (crds.length === 0) throw new SpecError(inputs.join(", "), "holds no CustomResourceDefinition");
  return crds;
}

/**
 * The schemas and resources of the served versions of `crds`; the meta types are referenced, not included.
 *
 * @example
 * ```ts
 * import { findResources, readCrds, specFromCrds } from "kubex-gen";
 *
 * const spec = specFromCrds(readCrds(["crds/widgets.yaml"]));
 * for (const r of findResources(spec)) console.log(`${r.plural}.${r.group}/${r.version}`, r.namespaced, r.subresources);
 * ```
 */
export function specFromCrds(crds: readonly CrdSource[]): NormalizedSpec {
  const schemas = new Map<string, Schema>();
  const resources: Resource[] = [];
  for (const { file, crd } of crds) {
    const c = crd as Crd;
    const where = c.metadata?.name ?? "a CustomResourceDefinition";
    const fail = (message: string, pointer: string): never => {
      throw new SpecError(file, `${where}: ${message}`, pointer);
    };
    if (c.apiVersion !== crdApiVersion) fail(`apiVersion is ${JSON.stringify(c.apiVersion)}, expected "${crdApiVersion}"`, "/apiVersion");
    const { group, scope, names, versions } = c.spec ?? {};
    if (!group) fail("no spec.group", "/spec/group");
    if (scope !== "Namespaced" && scope !== "Cluster") fail(`spec.scope is ${JSON.stringify(scope)}, expected "Namespaced" or "Cluster"`, "/spec/scope");
    if (!names?.kind || !names.plural) fail("spec.names needs kind and plural", "/spec/names");
    if (!Array.isArray(versions) || versions.length === 0) fail("no spec.versions", "/spec/versions");
    const kind = names!.kind!;
    const listKind = names!.listKind ?? `${kind}List`;
    const prefix = group!.split(".").reverse().join(".");
    versions!.forEach((v, i) => {
      if (!v.served) return;
      if (!v.name) fail(`spec.versions[${i}] has no name`, `/spec/versions/${i}/name`);
      const gvk = (k: string) => [{ group: group!, version: v.name, kind: k }];
      const root = withEmbeddedIdentity(v.schema?.openAPIV3Schema ?? { type: "object", "x-kubernetes-preserve-unknown-fields": true });
      schemas.set(`${prefix}.${v.name}.${kind}`, { ...root, properties: { ...root.properties, ...identity("ObjectMeta") }, "x-kubernetes-group-version-kind": gvk(kind) });
      schemas.set(`${prefix}.${v.name}.${listKind}`, {
        type: "object",
        description: `${listKind} is a list of ${kind}`,
        required: ["items"],
        properties: {
          ...identity("ListMeta"),
          items: { description: `List of ${names!.plural}. More info: ${conventions}`, type: "array", items: { $ref: `#/components/schemas/${prefix}.${v.name}.${kind}` } },
        },
        "x-kubernetes-group-version-kind": gvk(listKind),
      });
      const scale = v.subresources?.scale;
      resources.push({
        group: group!,
        version: v.name,
        kind,
        plural: names!.plural!,
        namespaced: scope === "Namespaced",
        verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        subresources: [...(scale ? ["scale"] : []), ...(v.subresources?.status ? ["status"] : [])],
        shortNames: names!.shortNames ?? [],
        ...(scale ? { scale: { specReplicasPath: scale.specReplicasPath, statusReplicasPath: scale.statusReplicasPath, labelSelectorPath: scale.labelSelectorPath } } : {}),
        ...(v.deprecated ? { deprecation: v.deprecationWarning ?? `${group}/${v.name} ${kind} is deprecated` } : {}),
      });
    });
  }
  return { format: "openapi-3", schemas, paths: [], resources };
}

const conventions = "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md";

/** The properties every object and list has, with the descriptions the apiextensions server publishes. */
function identity(meta: "ObjectMeta" | "ListMeta"): Record<string, Schema> {
  return {
    apiVersion: {
      type: "string",
      description: `APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: ${conventions}#resources`,
    },
    kind: {
      type: "string",
      description: `Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: ${conventions}#types-kinds`,
    },
    metadata: {
      description: meta === "ObjectMeta" ? `Standard object's metadata. More info: ${conventions}#metadata` : `Standard list metadata. More info: ${conventions}#types-kinds`,
      allOf: [{ $ref: `#/components/schemas/${metaPackage}.${meta}` }],
    },
  };
}

/**
 * The schema with every `x-kubernetes-embedded-resource` object given `apiVersion` and
 * `kind` (required) and `metadata`, as the server publishes it; fields the CRD declares
 * itself stand.
 */
function withEmbeddedIdentity(schema: EmbeddableSchema): Schema {
  let result: Schema = schema;
  if (schema.properties) {
    const properties = Object.fromEntries(Object.entries(schema.properties).map(([name, child]) => [name, withEmbeddedIdentity(child)]));
    result = { ...result, properties };
  }
  if (schema.items) result = { ...result, items: withEmbeddedIdentity(schema.items) };
  if (typeof schema.additionalProperties === "object") result = { ...result, additionalProperties: withEmbeddedIdentity(schema.additionalProperties) };
  if (schema["x-kubernetes-embedded-resource"] !== true) return result;
  const identity: Record<string, Schema> = {
    apiVersion: { type: "string", description: `apiVersion defines the versioned schema of this representation of an object. More info: ${conventions}#resources` },
    kind: { type: "string", description: `kind is a string value representing the type of this object. In CamelCase. More info: ${conventions}#types-kinds` },
    metadata: { description: `Standard object's metadata. More info: ${conventions}#metadata`, allOf: [{ $ref: `#/components/schemas/${metaPackage}.ObjectMeta` }] },
  };
  return {
    ...result,
    properties: { ...identity, ...result.properties },
    required: [...new Set([...(result.required ?? []), "apiVersion", "kind"])],
  };
}
