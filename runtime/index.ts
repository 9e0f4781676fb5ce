/** kubex: a typed Kubernetes client. */
export * from "./errors.js";
export * from "./resource/descriptor.js";
export * from "./configuration/index.js";
export * from "./client/index.js";
export * from "./client/websocket/index.js";
export * from "./api/index.js";
export * from "./watcher/index.js";
