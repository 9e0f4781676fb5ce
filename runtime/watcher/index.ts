export { watcher, type WatcherOptions, type WatcherRetry } from "./watcher.js";
export { objectKey, type WatcherEvent, type WatcherEventType } from "./events.js";
export { Store, type StoreOptions, type IndexFunction, type ReadonlyDeep } from "./store.js";
export { Informer, type InformerConstructor, type InformerHandlers, type InformerOptions, type DeleteInfo } from "./informer.js";
