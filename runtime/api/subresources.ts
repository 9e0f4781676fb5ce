/**
 * Accessors for HTTP subresources. Each exists on an Api only when its
 * descriptor lists the subresource; the types below make that a compile-time fact.
 */
import { KubexClientError, type Status } from "../errors.js";
import type { ResourceContext } from "./context.js";
import { splitLines } from "./lines.js";
import type { Eviction, Scale } from "./meta.js";
import { AttachAccessor, ExecAccessor, PortForwardAccessor } from "../stream/accessors.js";
import { callFields, writeQuery, type CallOptions, type WriteOptions } from "./options.js";
import { patchContentType, type DeepPartial, type JsonPatchOperation, type PatchType } from "./patch.js";

type NsOption = { readonly namespace?: string };

export type PatchOptions = CallOptions & WriteOptions & NsOption & { readonly force?: boolean };

/** get / replace / patch of a subresource whose body is `B` (status, scale, ephemeralcontainers, resize). */
export class SubresourceAccessor<B> {
  constructor(
    private readonly context: ResourceContext,
    private readonly subresource: string,
  ) {}

  async get(name: string, options?: CallOptions & NsOption): Promise<B> {
    const response = await this.context.client.request({
      method: "GET",
      path: this.context.objectPath(name, options?.namespace, this.subresource),
      ...callFields(options),
    });
    return response.json<B>();
  }

  async replace(name: string, body: B, options?: CallOptions & WriteOptions & NsOption): Promise<B> {
    const response = await this.context.client.request({
      method: "PUT",
      path: this.context.objectPath(name, options?.namespace, this.subresource),
      query: writeQuery(options),
      body: JSON.stringify(body),
      ...callFields(options),
    });
    return response.json<B>();
  }

  patch(name: string, patch: JsonPatchOperation[], options: PatchOptions & { type: "json" }): Promise<B>;
  patch(name: string, patch: DeepPartial<B>, options: PatchOptions & { type: "apply"; fieldManager: string }): Promise<B>;
  patch(name: string, patch: DeepPartial<B>, options?: PatchOptions & { type?: "merge" | "strategic" }): Promise<B>;
  async patch(name: string, patch: unknown, options?: PatchOptions & { type?: PatchType }): Promise<B> {
    return sendPatch<B>(this.context, this.context.objectPath(name, options?.namespace, this.subresource), patch, options);
  }
}

export async function sendPatch<B>(context: ResourceContext, path: string, patch: unknown, options: (PatchOptions & { type?: PatchType }) | undefined): Promise<B> {
  const type = options?.type ?? "merge";
  if (type === "apply" && !options?.fieldManager) {
    throw new KubexClientError("server-side apply needs a fieldManager", { code: "KUBEX_INVALID_ARGUMENT" });
  }
  const query = writeQuery(options);
  if (options?.force) query.push(["force", "true"]);
  const response = await context.client.request({
    method: "PATCH",
    path,
    query,
    headers: { "content-type": patchContentType[type] },
    body: JSON.stringify(patch),
    ...callFields(options),
  });
  return response.json<B>();
}

export interface LogOptions extends CallOptions, NsOption {
  readonly container?: string;
  readonly sinceSeconds?: number;
  readonly sinceTime?: string;
  readonly tailLines?: number;
  readonly timestamps?: boolean;
  readonly previous?: boolean;
  readonly limitBytes?: number;
}

function logQuery(o: LogOptions | undefined, follow: boolean): [string, string][] {
  const q: [string, string][] = [];
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

const logHeaders = { accept: "text/plain, */*" };

/** Container logs: the whole text, or a stream of lines (`follow` keeps it open). */
export class LogsAccessor {
  constructor(private readonly context: ResourceContext) {}

  async get(name: string, options?: LogOptions): Promise<string> {
    const response = await this.context.client.request({
      method: "GET",
      path: this.context.objectPath(name, options?.namespace, "log"),
      query: logQuery(options, false),
      headers: logHeaders,
      ...callFields(options),
    });
    return response.text();
  }

  /** Lines as they arrive, without the newline. Breaking out of the loop closes the stream. */
  stream(name: string, options?: LogOptions & { readonly follow?: boolean }): AsyncIterable<string> {
    const context = this.context;
    return {
      async *[Symbol.asyncIterator]() {
        const response = await context.client.stream({
          method: "GET",
          path: context.objectPath(name, options?.namespace, "log"),
          query: logQuery(options, options?.follow ?? false),
          headers: logHeaders,
          ...callFields(options),
        });
        try {
          yield* splitLines(response.body(), `logs of ${name}`);
        } finally {
          await response.cancel();
        }
      },
    };
  }
}

/** The eviction subresource: evicts a pod, honouring PodDisruptionBudgets. */
export class EvictionAccessor {
  constructor(private readonly context: ResourceContext) {}

  async create(name: string, eviction: Omit<Eviction, "apiVersion" | "kind"> = {}, options?: CallOptions & WriteOptions & NsOption): Promise<Status> {
    const namespace = this.context.namespaceFor(options?.namespace);
    const body: Eviction = {
      apiVersion: "policy/v1",
      kind: "Eviction",
      ...eviction,
      metadata: { name, ...(namespace ? { namespace } : {}), ...eviction.metadata },
    };
    const response = await this.context.client.request({
      method: "POST",
      path: this.context.objectPath(name, options?.namespace, "eviction"),
      query: writeQuery(options),
      body: JSON.stringify(body),
      ...callFields(options),
    });
    return response.json<Status>();
  }
}

/** Accessor types by subresource name; an Api gets one property per subresource its descriptor lists. */
export interface HttpSubresourceAccessors<T> {
  status: SubresourceAccessor<T>;
  scale: SubresourceAccessor<Scale>;
  logs: LogsAccessor;
  eviction: EvictionAccessor;
  ephemeralContainers: SubresourceAccessor<T>;
  resize: SubresourceAccessor<T>;
}

/** Subresource path segment -> accessor property and factory. Extension point for streaming subresources. */
export const subresourceAccessors: Record<string, { property: string; create: (context: ResourceContext) => unknown }> = {
  status: { property: "status", create: (c) => new SubresourceAccessor(c, "status") },
  scale: { property: "scale", create: (c) => new SubresourceAccessor(c, "scale") },
  log: { property: "logs", create: (c) => new LogsAccessor(c) },
  eviction: { property: "eviction", create: (c) => new EvictionAccessor(c) },
  ephemeralcontainers: { property: "ephemeralContainers", create: (c) => new SubresourceAccessor(c, "ephemeralcontainers") },
  resize: { property: "resize", create: (c) => new SubresourceAccessor(c, "resize") },
  exec: { property: "exec", create: (c) => new ExecAccessor(c) },
  attach: { property: "attach", create: (c) => new AttachAccessor(c) },
  portforward: { property: "portforward", create: (c) => new PortForwardAccessor(c) },
};
