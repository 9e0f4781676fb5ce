/** Per-call options of the Api, and their translation into query parameters. */
import type { RetryPolicy } from "../client/retry.js";
import type { TimeoutInput } from "../client/timeout.js";
import type { DeleteOptions } from "./meta.js";

/**
 * What every call takes: a timeout of its own and an abort signal.
 *
 * @example
 * ```ts
 * const options: CallOptions = { requestTimeout: 5, signal: AbortSignal.timeout(30_000) };
 * await pods.get("web-0", options);
 * ```
 */
export interface CallOptions {
  /** Overrides the client's timeout for this call. */
  readonly requestTimeout?: TimeoutInput;
  readonly signal?: AbortSignal;
  /** This call's retries: a policy, or `false` for none; overrides `ClientOptions.retry` (each page of `listAll`). */
  readonly retry?: RetryPolicy | false;
}

/**
 * `namespace` is accepted only by namespaced kinds (checked at compile time).
 *
 * @example
 * ```ts
 * await pods.get("web-0", { namespace: "kube-system" });
 * // @ts-expect-error: Namespace is cluster-scoped, its calls take no namespace
 * await namespaces.get("default", { namespace: "x" });
 * ```
 */
export type NamespaceOption<Namespaced extends boolean> = Namespaced extends true
  ? { readonly namespace?: string }
  : { readonly namespace?: never };

/**
 * Options of writes: a dry run, the field manager, how unknown fields are treated.
 *
 * @example
 * ```ts
 * const options: WriteOptions = { dryRun: true, fieldManager: "my-tool", fieldValidation: "Strict" };
 * await configMaps.create({ metadata: { name: "settings" }, data: { mode: "fast" } }, options);
 * ```
 */
export interface WriteOptions {
  /** `true` (or `"All"`): validate and persist nothing. */
  readonly dryRun?: boolean | "All";
  readonly fieldManager?: string;
  readonly fieldValidation?: "Ignore" | "Warn" | "Strict";
}

/**
 * Label and field selectors, as kubectl's `-l` and `--field-selector`.
 *
 * @example
 * ```ts
 * const running: SelectorOptions = { labelSelector: "app=web,tier!=cache", fieldSelector: "status.phase=Running" };
 * await pods.list(running);
 * ```
 */
export interface SelectorOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/**
 * Options of a list: selectors, page size and continue token, resourceVersion semantics.
 *
 * @example
 * ```ts
 * const options: ListOptions = { labelSelector: "app=web", limit: 50, resourceVersion: "0", resourceVersionMatch: "NotOlderThan" };
 * const page = await pods.list(options);
 * ```
 */
export interface ListOptions extends SelectorOptions {
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: "Exact" | "NotOlderThan";
  readonly timeoutSeconds?: number;
}

/**
 * Listing across every namespace is explicit: `allNamespaces: true`.
 *
 * @example
 * ```ts
 * const everywhere = await pods.list({ allNamespaces: true });
 * const inKubeSystem = await pods.list({ namespace: "kube-system" });
 * ```
 */
export type ListScope<Namespaced extends boolean> = Namespaced extends true
  ? { readonly namespace?: string; readonly allNamespaces?: boolean }
  : { readonly namespace?: never; readonly allNamespaces?: never };

/**
 * Options of a watch: selectors, where to start, bookmarks, and bounds on its length and silence.
 *
 * @example
 * ```ts
 * const options: WatchOptions = { labelSelector: "app=web", sendInitialEvents: true, inactivityTimeout: 300 };
 * for await (const event of pods.watch(options)) console.log(event.type);
 * ```
 */
export interface WatchOptions extends SelectorOptions {
  readonly resourceVersion?: string;
  readonly allowWatchBookmarks?: boolean;
  /** Streaming list: the current state as ADDED events, then a BOOKMARK marking its end. */
  readonly sendInitialEvents?: boolean;
  readonly timeoutSeconds?: number;
  /** Client-side bound on silence between events, in seconds (the `read` timeout); none by default. */
  readonly inactivityTimeout?: number;
  /** Longest event line accepted, in bytes (16 MiB by default); a longer one is a `KubexProtocolError`. */
  readonly maxLineBytes?: number;
}

/**
 * Which log lines: container, since when, how many, with timestamps, of the previous run.
 *
 * @example
 * ```ts
 * const options: LogOptions = { container: "app", tailLines: 50, timestamps: true, previous: true };
 * console.log(await pods.logs.get("web-0", options));
 * ```
 */
export interface LogOptions extends CallOptions {
  readonly namespace?: string;
  readonly container?: string;
  readonly sinceSeconds?: number;
  readonly sinceTime?: string;
  readonly tailLines?: number;
  readonly timestamps?: boolean;
  readonly previous?: boolean;
  readonly limitBytes?: number;
  /** Longest line `stream` accepts, in bytes (16 MiB by default); a longer one is a `KubexProtocolError`. */
  readonly maxLineBytes?: number;
}

/**
 * Options of a delete: those of `DeleteOptions`, and a dry run.
 *
 * @example
 * ```ts
 * const options: DeleteCallOptions = { propagationPolicy: "Background", dryRun: true };
 * await deployments.delete("web", options);
 * ```
 */
export interface DeleteCallOptions extends DeleteOptions {
  readonly dryRun?: boolean | "All";
}

type Query = [string, string][];

export function writeQuery(o: WriteOptions | undefined, q: Query = []): Query {
  if (!o) return q;
  if (o.dryRun) q.push(["dryRun", "All"]);
  if (o.fieldManager !== undefined) q.push(["fieldManager", o.fieldManager]);
  if (o.fieldValidation !== undefined) q.push(["fieldValidation", o.fieldValidation]);
  return q;
}

export function selectorQuery(o: SelectorOptions | undefined, q: Query = []): Query {
  if (o?.labelSelector !== undefined) q.push(["labelSelector", o.labelSelector]);
  if (o?.fieldSelector !== undefined) q.push(["fieldSelector", o.fieldSelector]);
  return q;
}

export function listQuery(o: ListOptions | undefined, q: Query = []): Query {
  selectorQuery(o, q);
  if (!o) return q;
  if (o.limit !== undefined) q.push(["limit", String(o.limit)]);
  if (o.continue !== undefined) q.push(["continue", o.continue]);
  if (o.resourceVersion !== undefined) q.push(["resourceVersion", o.resourceVersion]);
  if (o.resourceVersionMatch !== undefined) q.push(["resourceVersionMatch", o.resourceVersionMatch]);
  if (o.timeoutSeconds !== undefined) q.push(["timeoutSeconds", String(o.timeoutSeconds)]);
  return q;
}

export function watchQuery(o: WatchOptions | undefined): Query {
  const q: Query = [["watch", "true"]];
  selectorQuery(o, q);
  if (o?.resourceVersion !== undefined) q.push(["resourceVersion", o.resourceVersion]);
  if (o?.sendInitialEvents) {
    // The server requires both with a streaming list.
    q.push(["sendInitialEvents", "true"], ["resourceVersionMatch", "NotOlderThan"], ["allowWatchBookmarks", "true"]);
  } else if (o?.allowWatchBookmarks) q.push(["allowWatchBookmarks", "true"]);
  if (o?.timeoutSeconds !== undefined) q.push(["timeoutSeconds", String(o.timeoutSeconds)]);
  return q;
}

export function logQuery(o: LogOptions | undefined, follow: boolean): Query {
  const q: Query = [];
  if (follow) q.push(["follow", "true"]);
  if (o?.container !== undefined) q.push(["container", o.container]);
  if (o?.sinceSeconds !== undefined) q.push(["sinceSeconds", String(o.sinceSeconds)]);
  if (o?.sinceTime !== undefined) q.push(["sinceTime", o.sinceTime]);
  if (o?.tailLines !== undefined) q.push(["tailLines", String(o.tailLines)]);
  if (o?.timestamps) q.push(["timestamps", "true"]);
  if (o?.previous) q.push(["previous", "true"]);
  if (o?.limitBytes !== undefined) q.push(["limitBytes", String(o.limitBytes)]);
  return q;
}

export function deleteBody(o: DeleteCallOptions | undefined): string | undefined {
  if (!o) return undefined;
  const body: Record<string, unknown> = { apiVersion: "v1", kind: "DeleteOptions" };
  if (o.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = o.gracePeriodSeconds;
  if (o.propagationPolicy !== undefined) body.propagationPolicy = o.propagationPolicy;
  if (o.preconditions !== undefined) body.preconditions = o.preconditions;
  if (o.dryRun) body.dryRun = ["All"];
  return Object.keys(body).length > 2 ? JSON.stringify(body) : undefined;
}

export function callFields(o: CallOptions | undefined): { timeout?: TimeoutInput; signal?: AbortSignal; retry?: RetryPolicy | false } {
  if (!o) return {};
  return {
    ...(o.requestTimeout !== undefined ? { timeout: o.requestTimeout } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.retry !== undefined ? { retry: o.retry } : {}),
  };
}
