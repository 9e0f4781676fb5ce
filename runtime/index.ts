/** kubex: a typed Kubernetes client. */
export * from "./errors.js";
export * from "./resource/descriptor.js";
export * from "./configuration/index.js";
export * from "./client/index.js";
export * from "./client/websocket/index.js";
export * from "./api/index.js";
export * from "./watcher/index.js";
export { Backoff, defaultBackoff, withRetry, retryVerdict, isIdempotent, transportCode, validateRetryPolicy, defaultRetryPolicy, type BackoffOptions, type RetryPolicy, type RetryNotice, type RetryableRequest, type RetryVerdict } from "./client/retry.js";
export { TokenBucket, validateRateLimit, type RateLimit } from "./client/rate-limit.js";
