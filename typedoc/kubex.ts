/**
 * The runtime: configuration and authentication, the HTTP client, the typed `Api` over
 * generated or hand-written descriptors, watches, exec/attach/port-forward, manifests and
 * errors. The generated resource types are summarised on the resource-kind page of each
 * Kubernetes version, and imported from `kubex/k8s/<version>/<group>/<version>`.
 *
 * Guides (tasks with runnable snippets) are in the repository's `docs/` folder:
 * getting started, authentication, reading and writing, watching, exec/attach/port-forward,
 * custom resources, Kubernetes versions, errors, and the migration guides.
 *
 * @module kubex
 */
export * from "../runtime/index.js";
