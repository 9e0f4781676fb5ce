/**
 * Corrections to upstream specs, one named fixup per defect. A fixup runs only on the
 * input format that has the defect, is skipped when the spec does not contain its schema,
 * and fails the generation, by name, when the schema is there but no longer has the
 * defect: a fixed upstream spec is noticed and its fixup removed.
 */
import { SpecError, pointerToken } from "./errors.js";
import type { NormalizedSpec, Schema, SpecFormat } from "./load.js";

/**
 * One correction of an upstream spec defect: the schema it corrects, why, and the fix.
 *
 * @example
 * ```ts
 * import { applyFixups, fixups, loadSpec, type Fixup } from "kubex/codegen";
 *
 * // A correction of your own, applied after the built-in ones.
 * const intOrStringPort: Fixup = {
 *   name: "example-port-int-or-string",
 *   reason: "the example API serves port as a number or a name",
 *   formats: ["openapi-3"],
 *   schema: "com.example.v1.Endpoint",
 *   fix: (schema) => ({ ...schema, properties: { ...schema.properties, port: { "x-kubernetes-int-or-string": true } } }),
 * };
 * const spec = applyFixups(loadSpec("specs/example.json"), "specs/example.json", [...fixups, intOrStringPort]);
 * ```
 */
export interface Fixup {
  readonly name: string;
  /** Why the spec is wrong for TypeScript callers. */
  readonly reason: string;
  readonly formats: readonly SpecFormat[];
  /** The schema the fixup corrects. */
  readonly schema: string;
  /** The corrected schema, or a sentence saying why the defect is no longer there. */
  readonly fix: (schema: Schema) => Schema | string;
}

const isType = (schema: Schema | undefined, type: string) => schema !== undefined && schema.type === type && Object.keys(schema).length === 1;

/**
 * The built-in corrections, one per upstream defect.
 *
 * @example
 * ```ts
 * import { fixups } from "kubex/codegen";
 *
 * for (const fixup of fixups) console.log(`${fixup.name}: ${fixup.reason}`);
 * ```
 */
export const fixups: readonly Fixup[] = [
  {
    name: "quantity-as-string",
    reason:
      "OpenAPI v3 declares Quantity `oneOf: [string, number]`, but the server always serialises it as a string (`\"500m\"`, `\"1Gi\"`): reading it as `string` is what callers can rely on.",
    formats: ["openapi-3"],
    schema: "io.k8s.apimachinery.pkg.api.resource.Quantity",
    fix: ({ oneOf, ...rest }) =>
      rest.type === undefined && oneOf?.length === 2 && isType(oneOf[0], "string") && isType(oneOf[1], "number")
        ? { ...rest, type: "string" }
        : "Quantity is no longer declared as `oneOf: [string, number]` without a type",
  },
  {
    name: "creation-timestamp-nullable",
    reason:
      "A zero `metav1.Time` is written as `null`: `kubectl create --dry-run -o yaml` and many stored manifests carry `creationTimestamp: null`, which the server accepts, but the spec does not mark the field nullable.",
    formats: ["swagger-2.0", "openapi-3"],
    schema: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
    fix: (schema) => {
      const field = schema.properties?.creationTimestamp;
      if (field === undefined) return "ObjectMeta has no creationTimestamp";
      if (field.nullable === true) return "ObjectMeta.creationTimestamp is already nullable";
      return { ...schema, properties: { ...schema.properties, creationTimestamp: { ...field, nullable: true } } };
    },
  },
];

/**
 * The spec with every applicable fixup applied; the input is not modified.
 *
 * @example
 * ```ts
 * import { applyFixups, loadSpec } from "kubex/codegen";
 *
 * // Throws a SpecError naming the fixup when an upstream spec no longer has its defect.
 * const spec = applyFixups(loadSpec("specs/swagger-v1.35.json"), "specs/swagger-v1.35.json");
 * ```
 */
export function applyFixups(spec: NormalizedSpec, input: string, list: readonly Fixup[] = fixups): NormalizedSpec {
  const schemas = new Map(spec.schemas);
  for (const fixup of list) {
    const schema = schemas.get(fixup.schema);
    if (!fixup.formats.includes(spec.format) || schema === undefined) continue;
    const fixed = fixup.fix(schema);
    if (typeof fixed === "string") {
      const base = spec.format === "swagger-2.0" ? "/definitions" : "/components/schemas";
      throw new SpecError(input, `fixup "${fixup.name}" no longer applies: ${fixed}. Remove it from codegen/fixups.ts.`, `${base}/${pointerToken(fixup.schema)}`);
    }
    schemas.set(fixup.schema, fixed);
  }
  return { ...spec, schemas };
}
