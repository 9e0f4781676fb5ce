/**
 * `kubex-gen` as a library: generate TypeScript types and resource descriptors from a
 * Kubernetes OpenAPI spec (Swagger 2.0 or OpenAPI v3), a live cluster's `/openapi/v3`, or CRD manifests.
 *
 * @module kubex-gen
 */
export * from "../codegen/index.js";
