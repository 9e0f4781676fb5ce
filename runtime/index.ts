/** kubex: a typed Kubernetes client. */
export * from "./errors.js";
export * from "./resource/descriptor.js";
export * from "./configuration/index.js";
export * from "./client/index.js";
export * from "./client/websocket/index.js";
export * from "./api/index.js";
export * from "./quantity/index.js";
export * from "./manifests/index.js";
export * from "./discovery/index.js";
export * from "./metrics/index.js";
export { KubexNoReadyPodError } from "./stream/forward-target.js";
export { forwardTo, listenTo, resolveForwardTarget, type ForwardTargetKind, type ForwardTargetRef, type ResolvedForwardTarget } from "./workloads/port-forward.js";
export * from "./cp/index.js";
export { portStreamDuplex } from "./stream/duplex.js";
export * from "./watcher/index.js";
export { Backoff, defaultBackoff, withRetry, retryVerdict, isIdempotent, transportCode, validateRetryPolicy, defaultRetryPolicy, type BackoffOptions, type RetryPolicy, type RetryNotice, type RetryableRequest, type RetryVerdict } from "./client/retry.js";
export { TokenBucket, validateRateLimit, type RateLimit } from "./client/rate-limit.js";
