/**
 * `Informer`: a watcher, a Store, and handlers told what changed.
 *
 *   const informer = new Informer(configMaps, { labelSelector: "app=web" })
 *     .on("add", (cm) => ...)
 *     .on("update", (old, cm) => ...)
 *     .on("delete", (cm, { finalStateUnknown }) => ...);
 *   await informer.start();   // resolves once the initial list was delivered
 *
 * Handlers run one at a time, in event order (an async handler is awaited).
 * After a re-list only real differences are reported: an object the store
 * already holds is never added again, one whose resourceVersion did not change
 * is not updated, and one that vanished while disconnected is deleted with
 * `finalStateUnknown: true`.
 */
import type { ApiBase } from "../api/api.js";
import type { PartialObjectMetadata } from "../api/meta.js";
import type { ListScope } from "../api/options.js";
import { KubexArgumentError } from "../errors.js";
import type { AnyResourceDescriptor, IsNamespaced, ObjectOf } from "../resource/descriptor.js";
import { objectKey, resourceVersionOf, type WatcherEvent } from "./events.js";
import { Store, type ReadonlyDeep, type StoreOptions } from "./store.js";
import { watcher, type WatcherOptions, type WatcherRetry } from "./watcher.js";

/**
 * What a `delete` handler is told besides the object.
 *
 * @example
 * ```ts
 * const informer = new Informer(pods).on("delete", (pod, info: DeleteInfo) => {
 *   console.log(`${pod.metadata?.name} deleted${info.finalStateUnknown ? " while disconnected" : ""}`);
 * });
 * ```
 */
export interface DeleteInfo {
  /** The object vanished while the informer was disconnected; `object` is the last state it knew. */
  readonly finalStateUnknown: boolean;
}

/**
 * The handlers an informer calls, one at a time in event order.
 *
 * @example
 * ```ts
 * const handlers: Partial<InformerHandlers<ConfigMap>> = {
 *   add: (cm) => console.log("added", cm.metadata?.name),
 *   update: (old, cm) => console.log("updated", cm.metadata?.name, old.metadata?.resourceVersion, "->", cm.metadata?.resourceVersion),
 * };
 * const informer = new Informer(configMaps).on("add", handlers.add!).on("update", handlers.update!);
 * ```
 */
export interface InformerHandlers<T> {
  add: (object: ReadonlyDeep<T>) => unknown;
  /** On a resync, `old` and `object` are the same object. */
  update: (old: ReadonlyDeep<T>, object: ReadonlyDeep<T>) => unknown;
  delete: (object: ReadonlyDeep<T>, info: DeleteInfo) => unknown;
  /** A failure the informer recovers from (with `retry`), or a handler that threw (without). */
  error: (error: Error, retry?: WatcherRetry) => unknown;
  synced: () => unknown;
}

/**
 * What an informer watches (selectors, metadata only), how often it resyncs, and its store's indexes.
 *
 * @example
 * ```ts
 * const options = {
 *   labelSelector: "app=web",
 *   resyncPeriod: 300,
 *   indexes: { node: (pod) => [pod.spec?.nodeName ?? ""] },
 * } satisfies InformerOptions<Pod>;
 * const informer = new Informer(pods, options);
 * ```
 */
export interface InformerOptions<T> extends Omit<WatcherOptions, "onError" | "signal">, StoreOptions<T> {
  /** Seconds between re-deliveries of the whole store as `update`s (none by default). */
  readonly resyncPeriod?: number;
}

type Scoped<D, T> = InformerOptions<T> & ListScope<IsNamespaced<D>>;

/**
 * The `new Informer(api, options)` signature: whole objects, or `PartialObjectMetadata` with `metadataOnly: true`.
 *
 * @example
 * ```ts
 * const make: InformerConstructor = Informer;
 * const names = new make(pods, { metadataOnly: true }); // Informer<PartialObjectMetadata>
 * ```
 */
export interface InformerConstructor {
  new <D extends AnyResourceDescriptor>(api: ApiBase<D>, options: Scoped<D, PartialObjectMetadata> & { metadataOnly: true }): Informer<PartialObjectMetadata>;
  new <D extends AnyResourceDescriptor>(api: ApiBase<D>, options?: Scoped<D, ObjectOf<D>> & { metadataOnly?: false }): Informer<ObjectOf<D>>;
  // Options typed as `InformerOptions`: metadata only or not is known at run time only.
  new <D extends AnyResourceDescriptor>(api: ApiBase<D>, options?: Scoped<D, ObjectOf<D>> & { metadataOnly?: boolean }): Informer<ObjectOf<D> | PartialObjectMetadata>;
}

/**
 * A watched collection kept in a `Store`, with handlers told what changed.
 *
 * @example
 * ```ts
 * const informer: Informer<Pod> = new Informer(pods, { labelSelector: "app=web" });
 * informer.on("update", (old, pod) => {
 *   if (old.status?.phase !== pod.status?.phase) console.log(pod.metadata?.name, "is now", pod.status?.phase);
 * });
 * await informer.start();
 * console.log(informer.store.size, "pods");
 * await informer.stop();
 * ```
 */
export interface Informer<T> {
  readonly store: Store<T>;
  on<E extends keyof InformerHandlers<T>>(event: E, handler: InformerHandlers<T>[E]): this;
  /** Starts watching; resolves once the initial state is in the store and its `add`s were handled. */
  start(): Promise<void>;
  /** Stops watching and waits for the handler running now, if any. */
  stop(): Promise<void>;
}

class InformerImpl<T> implements Informer<T> {
  readonly store: Store<T>;
  private readonly handlers: { [E in keyof InformerHandlers<T>]: InformerHandlers<T>[E][] } = { add: [], update: [], delete: [], error: [], synced: [] };
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private started: Promise<void> | undefined;
  private resyncTimer: ReturnType<typeof setInterval> | undefined;
  /** Events and resyncs run one after another. */
  private tail: Promise<void> = Promise.resolve();
  private hasSynced = false;

  constructor(
    private readonly api: ApiBase<AnyResourceDescriptor>,
    private readonly options: InformerOptions<T> = {},
  ) {
    const period = options.resyncPeriod;
    if (period !== undefined && (typeof period !== "number" || !(period > 0) || !Number.isFinite(period))) {
      throw new KubexArgumentError("options.resyncPeriod", `accepts a number of seconds > 0; got ${String(period)}`);
    }
    this.store = new Store<T>(options.indexes ? { indexes: options.indexes } : {});
  }

  on<E extends keyof InformerHandlers<T>>(event: E, handler: InformerHandlers<T>[E]): this {
    if (!Object.hasOwn(this.handlers, event)) throw new KubexArgumentError("event", `accepts add, update, delete, error or synced; got ${JSON.stringify(event)}`);
    this.handlers[event].push(handler);
    return this;
  }

  start(): Promise<void> {
    if (this.started) return this.started;
    const controller = (this.controller = new AbortController());
    const { resyncPeriod: _, indexes: __, ...watcherOptions } = this.options;
    const events = watcher(this.api, {
      ...watcherOptions,
      signal: controller.signal,
      onError: (error: Error, retry: WatcherRetry) => void this.emit("error", error, retry),
    } as never) as AsyncIterable<WatcherEvent<T>>;
    let failed: (error: unknown) => void = () => {};
    const fatal = new Promise<never>((_, reject) => (failed = reject));
    this.loop = (async () => {
      try {
        for await (const event of events) await (this.tail = this.tail.then(() => this.process(event)));
      } catch (error) {
        await this.emit("error", error as Error);
        failed(error);
      }
    })();
    fatal.catch(() => {});
    if (this.options.resyncPeriod) {
      this.resyncTimer = setInterval(() => void (this.tail = this.tail.then(() => this.resync())), this.options.resyncPeriod * 1000);
      this.resyncTimer.unref?.();
    }
    this.started = Promise.race([this.store.synced.then(() => this.tail), fatal]);
    return this.started;
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    clearInterval(this.resyncTimer);
    await this.loop;
    await this.tail;
  }

  private async process(event: WatcherEvent<T>): Promise<void> {
    switch (event.type) {
      case "Init":
      case "InitApply":
        this.store.apply(event);
        return;
      case "InitDone":
        return this.replaced(event);
      case "Apply": {
        const old = this.store.getByKey(objectKey(event.object));
        this.store.apply(event);
        const object = event.object as ReadonlyDeep<T>;
        if (!old) await this.emit("add", object);
        else if (resourceVersionOf(old) !== resourceVersionOf(object)) await this.emit("update", old, object);
        return;
      }
      case "Delete":
        this.store.apply(event);
        await this.emit("delete", event.object as ReadonlyDeep<T>, { finalStateUnknown: false });
        return;
    }
  }

  /** A (re)list is complete: the store swaps, and handlers hear only what differs from before. */
  private async replaced(event: WatcherEvent<T>): Promise<void> {
    const before = new Map(this.store.entries());
    this.store.apply(event);
    for (const [key, object] of this.store.entries()) {
      const old = before.get(key);
      before.delete(key);
      if (!old) await this.emit("add", object);
      else if (resourceVersionOf(old) !== resourceVersionOf(object)) await this.emit("update", old, object);
    }
    for (const old of before.values()) await this.emit("delete", old, { finalStateUnknown: true });
    if (!this.hasSynced) {
      this.hasSynced = true;
      await this.emit("synced");
    }
  }

  private async resync(): Promise<void> {
    for (const object of this.store.list()) await this.emit("update", object, object);
  }

  /** Runs every handler of `event` in order; one that throws reaches `error` and the rest still run. */
  private async emit<E extends keyof InformerHandlers<T>>(event: E, ...args: Parameters<InformerHandlers<T>[E]>): Promise<void> {
    for (const handler of this.handlers[event]) {
      try {
        await (handler as (...a: unknown[]) => unknown)(...args);
      } catch (error) {
        if (event === "error") continue;
        await this.emit("error", error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}

/**
 * Builds an informer over an Api: `new Informer(pods, { labelSelector })`.
 *
 * @example
 * ```ts
 * import { Api, createClient, Informer } from "kubex";
 * import { Pod } from "kubex/k8s/v1_35/core/v1";
 *
 * const client = await createClient();
 * const pods = new Api(Pod, { client, namespace: "default" });
 * const informer = new Informer(pods, { labelSelector: "app=web" })
 *   .on("add", (pod) => console.log("added", pod.metadata?.name))
 *   .on("update", (old, pod) => console.log("updated", pod.metadata?.name))
 *   .on("delete", (pod, { finalStateUnknown }) => console.log("deleted", pod.metadata?.name, finalStateUnknown))
 *   .on("error", (error, retry) => console.warn(error.message, retry?.action));
 * await informer.start(); // the initial list is in informer.store
 * process.once("SIGTERM", () => void informer.stop());
 * ```
 */
export const Informer: InformerConstructor = InformerImpl as unknown as InformerConstructor;
