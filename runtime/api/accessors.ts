/** Accessors of the HTTP subresources: build the request, send it, decode the answer. */
import type { Status } from "../errors.js";
import type { ResourceContext } from "../resource/context.js";
import { streamLines } from "./lines.js";
import { sendForObject } from "./decode.js";
import type { Eviction } from "./meta.js";
import type { CallOptions, LogOptions, NamespaceOption, WriteOptions } from "./options.js";
import type { DeepPartial, JsonPatchOperation, PatchType } from "./patch.js";
import {
  evictionRequest, getRequest, logRequest, patchRequest, replaceRequest,
  type PatchCallOptions, type SubresourceTarget, type WriteCallOptions,
} from "./requests.js";

/**
 * The options of a subresource patch.
 *
 * @example
 * ```ts
 * await deployments.scale.patch("web", { spec: { replicas: 3 } }, { fieldManager: "autoscaler", dryRun: true });
 * ```
 */
export type PatchOptions = CallOptions & WriteOptions & NamespaceOption<true> & { readonly force?: boolean };

/**
 * get / replace / patch of a subresource whose body is `B` (status, scale, ephemeralcontainers, resize).
 *
 * @example
 * ```ts
 * const scale = await deployments.scale.get("web");
 * await deployments.scale.replace("web", { ...scale, spec: { replicas: 5 } });
 * await deployments.status.patch("web", { status: { observedGeneration: 2 } });
 * ```
 */
export class SubresourceAccessor<B, Merge extends "merge" | "strategic" = "merge" | "strategic"> {
  /** @internal Each Api makes its own. */
  constructor(
    private readonly context: ResourceContext,
    private readonly target: SubresourceTarget,
  ) {}

  /** What a reply is, for protocol errors: `a Scale`. */
  private get expected(): string {
    return `a ${this.target.identity.kind}`;
  }

  async get(name: string, options?: CallOptions & NamespaceOption<true>): Promise<B> {
    return sendForObject(this.context.client, getRequest(this.context, name, options, undefined, this.target.name), this.expected);
  }

  async replace(name: string, body: B, options?: WriteCallOptions): Promise<B> {
    return sendForObject(this.context.client, replaceRequest(this.context, name, body, options, this.target), this.expected);
  }

  patch(name: string, patch: JsonPatchOperation[], options: PatchOptions & { type: "json" }): Promise<B>;
  patch(name: string, patch: DeepPartial<B>, options: PatchOptions & { type: "apply"; fieldManager: string }): Promise<B>;
  patch(name: string, patch: DeepPartial<B>, options?: PatchOptions & { type?: Merge }): Promise<B>;
  async patch(name: string, patch: unknown, options?: PatchOptions & { type?: PatchType }): Promise<B> {
    return sendForObject(this.context.client, patchRequest(this.context, name, patch, options as PatchCallOptions, this.target), this.expected);
  }
}

/**
 * Container logs: the whole text (`get`), or its lines as they arrive (`stream`; `follow` keeps it open).
 * For a log that has ended, `get` is the cheaper read (the body is read whole, with no per-line work);
 * `stream` keeps memory bounded by the longest line however long the log, and hands on the
 * lines of each chunk it reads one after the other, without waiting on the network in between.
 *
 * @example
 * ```ts
 * const text = await pods.logs.get("web-0", { container: "app", tailLines: 100 });
 * const lines = text.split("\n"); // the last element is "" when the log ends with a newline
 * for await (const line of pods.logs.stream("web-0", { follow: true, sinceSeconds: 60 })) {
 *   if (line.includes("ready")) break; // closes the stream
 * }
 * ```
 */
export class LogsAccessor {
  /** @internal Each Api makes its own. */
  constructor(private readonly context: ResourceContext) {}

  /** The whole log as text, read at once. */
  async get(name: string, options?: LogOptions): Promise<string> {
    const response = await this.context.client.request(logRequest(this.context, name, options, false));
    return response.text();
  }

  /**
   * Lines as they arrive, without the newline (`\n` or `\r\n`); the last line need not end with one.
   * A line longer than `maxLineBytes` (default 16 MiB) is a `KubexProtocolError`. Breaking out of
   * the loop, or the caller's `signal`, closes the stream.
   */
  stream(name: string, options?: LogOptions & { readonly follow?: boolean }): AsyncIterable<string> {
    // Logs need not end with a newline: the last line is handed on as is.
    return streamLines(this.context.client, () => logRequest(this.context, name, options, options?.follow ?? false), `logs of ${name}`, options?.maxLineBytes);
  }
}

/**
 * The eviction subresource: evicts a pod, honouring PodDisruptionBudgets.
 *
 * @example
 * ```ts
 * try {
 *   await pods.eviction.create("web-0", { deleteOptions: { gracePeriodSeconds: 30 } });
 * } catch (error) {
 *   // 429: a PodDisruptionBudget does not allow the eviction now.
 *   if (!(error instanceof TooManyRequests)) throw error;
 * }
 * ```
 */
export class EvictionAccessor {
  /** @internal Each Api makes its own. */
  constructor(private readonly context: ResourceContext) {}

  async create(name: string, eviction?: Omit<Eviction, "apiVersion" | "kind">, options?: CallOptions & WriteOptions & NamespaceOption<true>): Promise<Status> {
    return sendForObject(this.context.client, evictionRequest(this.context, name, eviction, options), "a Status");
  }
}
