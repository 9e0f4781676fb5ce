/**
 * `watcher(api)`: a view of a collection kept alive across dropped streams,
 * API-server restarts, expired resource versions and silent connections.
 *
 *   for await (const event of watcher(pods, { signal })) { ... }
 *
 * It starts with the whole collection (a streaming list when the server serves
 * one, else a paged list), then watches from the last resourceVersion with
 * bookmarks on. A 410 Gone re-lists; any other failure resumes from the last
 * resourceVersion after an exponential backoff with jitter.
 */
import type { ApiBase } from "../api/api.js";
import { checkObject } from "../api/arguments.js";
import type { ObjectList, PartialObjectMetadata } from "../api/meta.js";
import type { CallOptions, ListOptions, ListScope, SelectorOptions, WatchOptions } from "../api/options.js";
import { Backoff, sleep, validateBackoff, type BackoffOptions } from "../client/retry.js";
import {
  BadRequest, Gone, Invalid, KubexArgumentError, KubexClosedError, KubexConfigurationError, KubexTimeoutError, TooManyRequests,
} from "../errors.js";
import type { AnyResourceDescriptor, IsNamespaced, ObjectOf } from "../resource/descriptor.js";
import { resourceVersionOf, type WatcherEvent } from "./events.js";
import { Watchdog } from "./watchdog.js";

/**
 * What a failure leads to: a fresh list, or a watch from the last resourceVersion.
 *
 * @example
 * ```ts
 * for await (const event of watcher(pods, {
 *   signal,
 *   onError: (error, retry: WatcherRetry) => console.warn(`${error.message}: ${retry.action} in ${retry.delay.toFixed(1)} s (failure ${retry.attempt})`),
 * })) console.log(event.type);
 * ```
 */
export interface WatcherRetry {
  readonly action: "relist" | "resume";
  /** Seconds until the next attempt. */
  readonly delay: number;
  /** Consecutive failures so far, this one included. */
  readonly attempt: number;
}

/**
 * What a watcher watches (selectors, metadata only) and how it lists, resumes and backs off.
 *
 * @example
 * ```ts
 * const options = { labelSelector: "app=web", pageSize: 200, timeoutSeconds: 120, streamingList: "auto", signal } satisfies WatcherOptions;
 * for await (const event of watcher(pods, options)) console.log(event.type);
 * ```
 */
export interface WatcherOptions extends SelectorOptions {
  /** `PartialObjectMetadata` instead of whole objects. */
  readonly metadataOnly?: boolean;
  /** Objects per page of a paged list (default 500). */
  readonly pageSize?: number;
  /** Waits between failed attempts (default 0.8 s doubling to 30 s, jitter 1). */
  readonly backoff?: BackoffOptions;
  /**
   * Seconds of silence (no event, no bookmark, no list page) after which a stream
   * is abandoned and resumed (default `timeoutSeconds` + 5).
   */
  readonly watchdog?: number;
  /** Server-side bound of one watch request, in seconds (default 290); the watcher then resumes. */
  readonly timeoutSeconds?: number;
  /**
   * Initial state as a streaming list (`sendInitialEvents`): `auto` (default) uses it and
   * falls back to paged lists when the server rejects it; `on` only streams; `off` only pages.
   */
  readonly streamingList?: "auto" | "on" | "off";
  /** Ends the watcher: the loop finishes without an error. */
  readonly signal?: AbortSignal;
  /** Sees every failure the watcher recovers from, with what it does next. */
  readonly onError?: (error: Error, retry: WatcherRetry) => void;
}

type Scoped<D> = WatcherOptions & ListScope<IsNamespaced<D>>;
type ScopeOptions = { readonly namespace?: string; readonly allNamespaces?: boolean };

interface RawEvent {
  readonly type: string;
  readonly object: unknown;
}

/** The two calls a watcher needs, over whole objects or metadata only. */
interface Source {
  list(options: { limit: number; continue?: string; signal: AbortSignal }): Promise<ObjectList<unknown>>;
  watch(options: { resourceVersion?: string; sendInitialEvents?: boolean; signal: AbortSignal }): AsyncIterable<RawEvent>;
}

const initialEventsEnd = "k8s.io/initial-events-end";

/**
 * A collection's changes, kept alive across dropped streams, restarts and expired resource versions: the whole list first, then each change.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * process.once("SIGTERM", () => controller.abort());
 * for await (const event of watcher(pods, { labelSelector: "app=web", signal: controller.signal })) {
 *   if (event.type === "Apply") console.log("changed", event.object.metadata?.name);
 *   if (event.type === "Delete") console.log("gone", event.object.metadata?.name);
 * }
 * ```
 */
export function watcher<D extends AnyResourceDescriptor>(api: ApiBase<D>, options: Scoped<D> & { metadataOnly: true }): AsyncIterable<WatcherEvent<PartialObjectMetadata>>;
export function watcher<D extends AnyResourceDescriptor>(api: ApiBase<D>, options?: Scoped<D> & { metadataOnly?: false }): AsyncIterable<WatcherEvent<ObjectOf<D>>>;
// Options typed as `WatcherOptions`: metadata only or not is known at run time only.
export function watcher<D extends AnyResourceDescriptor>(api: ApiBase<D>, options?: Scoped<D> & { metadataOnly?: boolean }): AsyncIterable<WatcherEvent<ObjectOf<D> | PartialObjectMetadata>>;
export function watcher<D extends AnyResourceDescriptor>(api: ApiBase<D>, options: Scoped<D> = {} as Scoped<D>): AsyncIterable<WatcherEvent<unknown>> {
  // Checked here, not in the loop: a failure there is retried, and a wrong argument never heals.
  if (typeof (api as Partial<ApiBase<D>> | null | undefined)?.list !== "function" || typeof api.watch !== "function") throw new KubexArgumentError("api", "must be an Api (new Api(descriptor, { client }))");
  checkObject("options", options, "of watcher options");
  const settings = resolve(options);
  const o = options as WatcherOptions & { namespace?: string; allNamespaces?: boolean };
  const scope = {
    ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
    ...(o.allNamespaces ? { allNamespaces: true } : {}),
    ...(o.labelSelector !== undefined ? { labelSelector: o.labelSelector } : {}),
    ...(o.fieldSelector !== undefined ? { fieldSelector: o.fieldSelector } : {}),
  };
  const target = o.metadataOnly ? api.metadata : api;
  // The watcher's backoff is the one retry layer: every failure reaches onError, none is retried twice over.
  const source: Source = {
    list: (call) => {
      const options: ListOptions & CallOptions & ScopeOptions = { ...scope, retry: false, ...call };
      return target.list(options as never) as Promise<ObjectList<unknown>>;
    },
    watch: (call) => {
      const options: WatchOptions & CallOptions & ScopeOptions = { ...scope, retry: false, allowWatchBookmarks: true, timeoutSeconds: settings.timeoutSeconds, ...call };
      return target.watch(options as never) as AsyncIterable<RawEvent>;
    },
  };
  return { [Symbol.asyncIterator]: () => new WatchLoop(source, settings, options.signal, options.onError).run() };
}

interface Settings {
  readonly pageSize: number;
  readonly backoff: Required<BackoffOptions>;
  readonly watchdog: number;
  readonly timeoutSeconds: number;
  readonly streamingList: "auto" | "on" | "off";
}

function resolve(o: WatcherOptions): Settings {
  const positive = (name: string, v: number | undefined, integer: boolean) => {
    if (v !== undefined && (typeof v !== "number" || !(v > 0) || !Number.isFinite(v) || (integer && !Number.isInteger(v)))) {
      throw new KubexArgumentError(`options.${name}`, `accepts ${integer ? "an integer" : "a number"} > 0; got ${String(v)}`);
    }
  };
  positive("pageSize", o.pageSize, true);
  positive("timeoutSeconds", o.timeoutSeconds, true);
  positive("watchdog", o.watchdog, false);
  if (o.streamingList !== undefined && !["auto", "on", "off"].includes(o.streamingList)) {
    throw new KubexArgumentError("options.streamingList", `accepts "auto", "on" or "off"; got ${JSON.stringify(o.streamingList)}`);
  }
  const timeoutSeconds = o.timeoutSeconds ?? 290;
  return {
    pageSize: o.pageSize ?? 500,
    backoff: validateBackoff("options.backoff", o.backoff),
    watchdog: o.watchdog ?? timeoutSeconds + 5,
    timeoutSeconds,
    streamingList: o.streamingList ?? "auto",
  };
}

/** A failure that no retry can cure: the watcher ends with it. */
function isFatal(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  return error instanceof KubexConfigurationError || error instanceof KubexClosedError || (error as { code?: unknown }).code === "KUBEX_CLIENT_CLOSED";
}

class WatchLoop {
  /** The resume point; set only once a complete initial state was delivered. */
  private resourceVersion: string | undefined;
  private streaming: boolean;
  /** Whether the current attempt received anything (an event, a bookmark, a page). */
  private progress = false;
  /** Consecutive failures, reset by anything received. */
  private failures = 0;
  /** A 410 asked for a list that has not completed yet. */
  private relisting = false;
  private readonly backoff: Backoff;
  private readonly signal: AbortSignal;

  constructor(
    private readonly source: Source,
    private readonly settings: Settings,
    signal: AbortSignal | undefined,
    private readonly onError: WatcherOptions["onError"],
  ) {
    this.streaming = settings.streamingList !== "off";
    this.backoff = new Backoff(settings.backoff);
    this.signal = signal ?? new AbortController().signal;
  }

  async *run(): AsyncGenerator<WatcherEvent<unknown>> {
    while (!this.signal.aborted) {
      const watchdog = new Watchdog(this.settings.watchdog, this.signal);
      const listing = this.resourceVersion === undefined;
      this.progress = false;
      try {
        if (listing && !this.streaming) {
          for await (const event of this.pagedList(watchdog)) {
            watchdog.pause();
            yield event;
            watchdog.kick();
          }
        } else {
          // The watch is read here rather than through a generator of its own: one hop less per event.
          const attempt = { listing };
          for await (const raw of this.openWatch(watchdog, listing)) {
            if (attempt.listing && !this.progress) {
              watchdog.pause();
              yield { type: "Init" };
            }
            this.progress = true;
            const event = this.received(raw, attempt);
            // Arrival counts as life; while the consumer holds an event it is paused, and handing it back kicks.
            if (event === undefined) {
              watchdog.kick();
              continue;
            }
            watchdog.pause();
            yield event;
            watchdog.kick();
          }
          // A streaming list cut before its end marker starts over.
          if (attempt.listing) throw new Error("the streaming list ended before its initial-events-end bookmark");
        }
        // The watchdog aborts the call through its own signal, which ends a watch quietly: still a stall.
        if (watchdog.fired && !this.signal.aborted) await this.retry(this.stalled());
        // A clean end (the server's timeout): resume at once, unless the stream brought nothing.
        else if (!this.progress && !this.signal.aborted) await this.retry(new Error("the watch ended with no event"));
      } catch (error) {
        if (this.signal.aborted) return;
        if (isFatal(error)) throw error;
        const stalled = watchdog.fired && !this.signal.aborted;
        await this.retry(stalled ? this.stalled(error) : (error as Error));
      } finally {
        watchdog.dispose();
      }
    }
  }

  private stalled(cause?: unknown): KubexTimeoutError {
    return new KubexTimeoutError(`watch: no event or bookmark for ${this.settings.watchdog}s; restarting it`, cause === undefined ? undefined : { cause });
  }

  private healthy(): void {
    this.backoff.reset();
    this.failures = 0;
  }

  private listed(): void {
    this.healthy();
    this.relisting = false;
  }

  /** Decides what follows a failure, reports it, and waits. */
  private async retry(error: Error): Promise<void> {
    const attempt = ++this.failures;
    if (error instanceof Gone) {
      // The first 410 re-lists at once; more before a list completes back off (an expiring continue token).
      const delay = this.relisting ? this.backoff.next() : 0;
      this.relisting = true;
      this.resourceVersion = undefined;
      this.onError?.(error, { action: "relist", delay, attempt });
      await sleep(delay, this.signal);
      return;
    }
    if (this.streaming && this.settings.streamingList === "auto" && this.resourceVersion === undefined && (error instanceof BadRequest || error instanceof Invalid)) {
      // The server does not serve streaming lists: page from now on.
      this.streaming = false;
      this.onError?.(error, { action: "relist", delay: 0, attempt });
      return;
    }
    let delay = this.backoff.next();
    if (error instanceof TooManyRequests && error.retryAfterSeconds !== undefined) {
      delay = Math.max(delay, Math.min(error.retryAfterSeconds, this.settings.backoff.max));
    }
    this.onError?.(error, { action: this.resourceVersion === undefined ? "relist" : "resume", delay, attempt });
    await sleep(delay, this.signal);
  }

  private async *pagedList(watchdog: Watchdog): AsyncGenerator<WatcherEvent<unknown>> {
    let token: string | undefined;
    let page: ObjectList<unknown>;
    do {
      page = await this.source.list({ limit: this.settings.pageSize, ...(token ? { continue: token } : {}), signal: watchdog.signal });
      watchdog.kick();
      // Init only once the server answers, so failed attempts are not seen as re-lists.
      if (!this.progress) yield { type: "Init" };
      this.progress = true;
      for (const object of page.items) yield { type: "InitApply", object };
      token = page.metadata.continue || undefined;
    } while (token);
    this.resourceVersion = page.metadata.resourceVersion;
    this.listed();
    yield { type: "InitDone" };
  }

  /** A watch from the resume point, or a streaming list (`initial`) that goes on as a watch. */
  private openWatch(watchdog: Watchdog, initial: boolean): AsyncIterable<RawEvent> {
    return this.source.watch({
      ...(initial ? { sendInitialEvents: true } : { resourceVersion: this.resourceVersion! }),
      signal: watchdog.signal,
    });
  }

  /**
   * What a watch event means for the consumer, with the resume point it moves; `undefined` for a
   * bookmark that only moves the resume point. `attempt.listing` turns false at the end of a streaming list.
   */
  private received(event: RawEvent, attempt: { listing: boolean }): WatcherEvent<unknown> | undefined {
    const version = resourceVersionOf(event.object);
    if (event.type === "BOOKMARK") {
      if (attempt.listing && isInitialEventsEnd(event.object)) {
        attempt.listing = false;
        this.resourceVersion = version;
        this.listed();
        return { type: "InitDone" };
      }
      if (!attempt.listing && version) {
        this.resourceVersion = version;
        this.healthy();
      }
      return undefined;
    }
    if (!attempt.listing) {
      this.healthy();
      if (version) this.resourceVersion = version;
    }
    if (event.type === "DELETED") return { type: "Delete", object: event.object };
    return { type: attempt.listing ? "InitApply" : "Apply", object: event.object };
  }
}

function isInitialEventsEnd(object: unknown): boolean {
  const annotations = (object as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations;
  return annotations?.[initialEventsEnd] === "true";
}
