/**
 * `Store`: an in-memory cache of a collection, fed by a watcher's events.
 *
 *   const store = new Store<ConfigMap>({ indexes: { app: (cm) => [cm.metadata?.labels?.app ?? ""] } });
 *   for await (const event of watcher(configMaps)) store.apply(event);
 *
 * A re-list is built aside and swapped in whole at `InitDone`, so readers keep
 * the previous state until then and never see a half-built list. Objects are
 * kept as parsed (no copies) and handed out read-only.
 */
import { KubexArgumentError } from "../errors.js";
import { objectKey, type WatcherEvent } from "./events.js";

/**
 * What readers of the store get: the stored object itself, not to be changed.
 *
 * @example
 * ```ts
 * const store = new Store<Pod>();
 * const pod: ReadonlyDeep<Pod> | undefined = store.get("web-0", "default");
 * // @ts-expect-error: stored objects are shared, not to be changed
 * if (pod?.metadata) pod.metadata.name = "other";
 * ```
 */
export type ReadonlyDeep<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer E)[]
    ? readonly ReadonlyDeep<E>[]
    : T extends object
      ? { readonly [K in keyof T]: ReadonlyDeep<T[K]> }
      : T;

/**
 * The values an object is filed under in one index (e.g. its labels' values).
 *
 * @example
 * ```ts
 * const byNode: IndexFunction<Pod> = (pod) => (pod.spec?.nodeName ? [pod.spec.nodeName] : []);
 * const store = new Store<Pod>({ indexes: { node: byNode } });
 * ```
 */
export type IndexFunction<T> = (object: ReadonlyDeep<T>) => readonly string[];

/**
 * The indexes a store keeps besides the built-in `namespace` one.
 *
 * @example
 * ```ts
 * const options: StoreOptions<ConfigMap> = { indexes: { app: (cm) => [cm.metadata?.labels?.app ?? ""] } };
 * const store = new Store<ConfigMap>(options);
 * ```
 */
export interface StoreOptions<T> {
  /** Named indexes, read with `byIndex(name, value)`. `namespace` is built in. */
  readonly indexes?: Readonly<Record<string, IndexFunction<T>>>;
}

const namespaceIndex = "namespace";

/**
 * An in-memory cache of a collection, fed with a watcher's events; an informer keeps one.
 *
 * @example
 * ```ts
 * const store = new Store<Pod>({ indexes: { node: (pod) => [pod.spec?.nodeName ?? ""] } });
 * void (async () => {
 *   for await (const event of watcher(pods, { signal })) store.apply(event);
 * })();
 * await store.synced;
 * console.log(store.get("web-0", "default")?.status?.phase, store.byIndex("node", "node-1").length);
 * ```
 */
export class Store<T> {
  private live = new Map<string, T>();
  private buffer: Map<string, T> | undefined;
  private readonly indexFunctions: Map<string, IndexFunction<T>>;
  private indexes = new Map<string, Map<string, Set<string>>>();
  private resolveSynced!: () => void;
  private isSynced = false;
  /** Resolves once the first complete list is in the store. */
  readonly synced: Promise<void>;

  constructor(options: StoreOptions<T> = {}) {
    this.indexFunctions = new Map([[namespaceIndex, (o: ReadonlyDeep<T>) => [(o as { metadata?: { namespace?: string } }).metadata?.namespace ?? ""]]]);
    for (const [name, fn] of Object.entries(options.indexes ?? {})) {
      if (name === namespaceIndex) throw new KubexArgumentError(`options.indexes.${name}`, "is built in");
      if (typeof fn !== "function") throw new KubexArgumentError(`options.indexes.${name}`, "accepts a function");
      this.indexFunctions.set(name, fn);
    }
    for (const name of this.indexFunctions.keys()) this.indexes.set(name, new Map());
    this.synced = new Promise((resolve) => (this.resolveSynced = resolve));
  }

  get hasSynced(): boolean {
    return this.isSynced;
  }

  get size(): number {
    return this.live.size;
  }

  /** The object named `name` (in `namespace`, for namespaced kinds). */
  get(name: string, namespace?: string): ReadonlyDeep<T> | undefined {
    return this.live.get(namespace ? `${namespace}/${name}` : name) as ReadonlyDeep<T> | undefined;
  }

  /** The object under a `namespace/name` (or `name`) key. */
  getByKey(key: string): ReadonlyDeep<T> | undefined {
    return this.live.get(key) as ReadonlyDeep<T> | undefined;
  }

  list(): ReadonlyDeep<T>[] {
    return [...this.live.values()] as ReadonlyDeep<T>[];
  }

  keys(): string[] {
    return [...this.live.keys()];
  }

  /** `[key, object]` pairs of the current state. */
  entries(): IterableIterator<[string, ReadonlyDeep<T>]> {
    return this.live.entries() as IterableIterator<[string, ReadonlyDeep<T>]>;
  }

  /** The objects filed under `value` in the index `name` (`namespace` is built in). */
  byIndex(name: string, value: string): ReadonlyDeep<T>[] {
    const index = this.indexes.get(name);
    if (!index) throw new KubexArgumentError("name", `no index ${JSON.stringify(name)} (known: ${[...this.indexes.keys()].join(", ")})`);
    return [...(index.get(value) ?? [])].map((key) => this.live.get(key)! as ReadonlyDeep<T>);
  }

  /** Applies one watcher event. */
  apply(event: WatcherEvent<T>): void {
    switch (event.type) {
      case "Init":
        this.buffer = new Map();
        return;
      case "InitApply":
        (this.buffer ??= new Map()).set(objectKey(event.object), event.object);
        return;
      case "InitDone":
        this.replace(this.buffer ?? new Map());
        return;
      case "Apply": {
        const key = objectKey(event.object);
        this.unindex(key);
        this.live.set(key, event.object);
        this.index(key, event.object);
        return;
      }
      case "Delete": {
        const key = objectKey(event.object);
        this.buffer?.delete(key);
        this.unindex(key);
        this.live.delete(key);
        return;
      }
    }
  }

  /** Swaps in a complete state at once, indexes included. */
  private replace(next: Map<string, T>): void {
    const indexes = new Map<string, Map<string, Set<string>>>([...this.indexFunctions.keys()].map((name) => [name, new Map()]));
    this.buffer = undefined;
    this.live = next;
    this.indexes = indexes;
    for (const [key, object] of next) this.index(key, object);
    if (!this.isSynced) {
      this.isSynced = true;
      this.resolveSynced();
    }
  }

  private index(key: string, object: T): void {
    for (const [name, fn] of this.indexFunctions) {
      const index = this.indexes.get(name)!;
      for (const value of fn(object as ReadonlyDeep<T>)) {
        let keys = index.get(value);
        if (!keys) index.set(value, (keys = new Set()));
        keys.add(key);
      }
    }
  }

  private unindex(key: string): void {
    const old = this.live.get(key);
    if (old === undefined) return;
    for (const [name, fn] of this.indexFunctions) {
      const index = this.indexes.get(name)!;
      for (const value of fn(old as ReadonlyDeep<T>)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}
