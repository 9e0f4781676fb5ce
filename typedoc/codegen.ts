/**
 * `kubex-gen` as a library: generate TypeScript types and resource descriptors from a
 * Kubernetes OpenAPI spec (Swagger 2.0 or OpenAPI v3) or from CRD manifests.
 *
 * @module kubex/codegen
 */
export * from "../codegen/index.js";
