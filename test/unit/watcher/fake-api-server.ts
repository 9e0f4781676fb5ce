// An in-process API server for ConfigMaps in one namespace: scripted lists and
// watches, with faults on demand (dropped streams, 410s, silence, error replies).
import type { ServerResponse } from "node:http";
import { startServer, json, type TestServer } from "../support/server.js";

export interface FakeObject {
  apiVersion: "v1";
  kind: "ConfigMap";
  metadata: { name: string; namespace: string; resourceVersion: string; uid: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

interface Logged {
  readonly rv: number;
  readonly type: "ADDED" | "MODIFIED" | "DELETED";
  readonly object: FakeObject;
}

interface Watch {
  readonly res: ServerResponse;
  readonly bookmarks: boolean;
  readonly metadataOnly: boolean;
}

export interface Seen {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly accept: string;
}

const status = (code: number, reason: string, message = reason) => ({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message });

export class FakeApiServer {
  rv = 100;
  private readonly objects = new Map<string, FakeObject>();
  private readonly log: Logged[] = [];
  private compacted = 0;
  private readonly watches = new Set<Watch>();
  private failures: { status: number; headers: Record<string, string>; count: number; on: "list" | "watch" | "any" }[] = [];
  /** Whether `sendInitialEvents` is served; otherwise rejected with 422 like a server without WatchList. */
  streaming = true;
  /** While true, watches receive nothing (a frozen server or a dead load balancer). */
  silent = false;
  /** While true, continue tokens are expired (410). */
  expireContinue = false;
  readonly seen: Seen[] = [];
  private uid = 0;
  private server!: TestServer;

  static async start(): Promise<FakeApiServer> {
    const fake = new FakeApiServer();
    fake.server = await startServer((req, res) => fake.handle(req.url!, req.headers.accept ?? "", res));
    return fake;
  }

  get configuration() {
    return this.server.configuration();
  }

  close(): Promise<void> {
    this.dropWatches();
    return this.server.close();
  }

  lists(): Seen[] {
    return this.seen.filter((s) => !s.query.has("watch"));
  }

  watchRequests(): Seen[] {
    return this.seen.filter((s) => s.query.has("watch"));
  }

  get openWatches(): number {
    return this.watches.size;
  }

  put(name: string, data: Record<string, string> = {}, labels?: Record<string, string>): FakeObject {
    const old = this.objects.get(name);
    const object: FakeObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name, namespace: "default", resourceVersion: String(++this.rv), uid: old?.metadata.uid ?? `uid-${++this.uid}`, ...(labels ? { labels } : {}) },
      data,
    };
    this.objects.set(name, object);
    this.emit({ rv: this.rv, type: old ? "MODIFIED" : "ADDED", object });
    return object;
  }

  remove(name: string): void {
    const old = this.objects.get(name);
    if (!old) throw new Error(`no ${name}`);
    this.objects.delete(name);
    const object = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } };
    this.emit({ rv: this.rv, type: "DELETED", object });
  }

  /** Forgets the history: a watch from an older resourceVersion gets 410. */
  compact(): void {
    this.compacted = this.rv;
    this.log.length = 0;
  }

  /** Cuts every open watch mid-stream, as a killed server does. */
  dropWatches(): void {
    for (const w of this.watches) w.res.socket?.destroy();
    this.watches.clear();
  }

  /** Ends every open watch cleanly, as the server's timeoutSeconds does. */
  endWatches(): void {
    for (const w of this.watches) w.res.end();
    this.watches.clear();
  }

  /** Sends a BOOKMARK at the current resourceVersion to watches that asked for them. */
  bookmark(): void {
    for (const w of this.watches) if (w.bookmarks) this.write(w, { type: "BOOKMARK", object: { kind: "ConfigMap", apiVersion: "v1", metadata: { resourceVersion: String(this.rv) } } });
  }

  /** The next `count` matching requests get `status` (with headers, e.g. retry-after). */
  fail(status: number, options: { count?: number; headers?: Record<string, string>; on?: "list" | "watch" | "any" } = {}): void {
    this.failures.push({ status, headers: options.headers ?? {}, count: options.count ?? 1, on: options.on ?? "any" });
  }

  /** Name -> resourceVersion of what the server holds. */
  snapshot(): Map<string, string> {
    return new Map([...this.objects].map(([k, v]) => [k, v.metadata.resourceVersion]));
  }

  private emit(entry: Logged): void {
    this.log.push(entry);
    for (const w of this.watches) this.write(w, { type: entry.type, object: this.shape(entry.object, w.metadataOnly) });
  }

  private write(w: Watch, event: unknown): void {
    if (!this.silent) w.res.write(`${JSON.stringify(event)}\n`);
  }

  private shape(object: FakeObject, metadataOnly: boolean): unknown {
    return metadataOnly ? { apiVersion: "meta.k8s.io/v1", kind: "PartialObjectMetadata", metadata: object.metadata } : object;
  }

  private handle(url: string, accept: string, res: ServerResponse): void {
    const parsed = new URL(url, "https://x");
    const query = parsed.searchParams;
    this.seen.push({ path: parsed.pathname, query, accept });
    const isWatch = query.get("watch") === "true";
    const failure = this.failures.find((f) => f.on === "any" || f.on === (isWatch ? "watch" : "list"));
    if (failure) {
      if (--failure.count === 0) this.failures.splice(this.failures.indexOf(failure), 1);
      return json(res, failure.status, status(failure.status, failure.status === 429 ? "TooManyRequests" : "InternalError"), failure.headers);
    }
    const metadataOnly = accept.includes("as=PartialObjectMetadata");
    if (!isWatch) return this.list(query, metadataOnly, res);
    return this.watch(query, metadataOnly, res);
  }

  private list(query: URLSearchParams, metadataOnly: boolean, res: ServerResponse): void {
    const items = [...this.objects.values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const token = query.get("continue");
    if (token && this.expireContinue) return json(res, 410, status(410, "Expired", "The provided continue parameter is too old"));
    const [start, rv] = token ? (JSON.parse(Buffer.from(token, "base64").toString()) as [number, string]) : [0, String(this.rv)];
    const limit = Number(query.get("limit") ?? items.length) || items.length;
    const page = items.slice(start, start + limit);
    const more = start + limit < items.length;
    json(res, 200, {
      apiVersion: "v1",
      kind: metadataOnly ? "PartialObjectMetadataList" : "ConfigMapList",
      metadata: { resourceVersion: rv, ...(more ? { continue: Buffer.from(JSON.stringify([start + limit, rv])).toString("base64") } : {}) },
      items: page.map((o) => this.shape(o, metadataOnly)),
    });
  }

  private watch(query: URLSearchParams, metadataOnly: boolean, res: ServerResponse): void {
    const initial = query.get("sendInitialEvents") === "true";
    if (initial && !this.streaming) return json(res, 422, status(422, "Invalid", "sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled"));
    res.writeHead(200, { "content-type": "application/json" });
    res.flushHeaders();
    const w: Watch = { res, bookmarks: query.get("allowWatchBookmarks") === "true", metadataOnly };
    const from = Number(query.get("resourceVersion") ?? "0");
    if (initial) {
      for (const o of this.objects.values()) this.write(w, { type: "ADDED", object: this.shape(o, metadataOnly) });
      this.write(w, { type: "BOOKMARK", object: { kind: "ConfigMap", apiVersion: "v1", metadata: { resourceVersion: String(this.rv), annotations: { "k8s.io/initial-events-end": "true" } } } });
    } else if (from < this.compacted) {
      this.write(w, { type: "ERROR", object: status(410, "Expired", `too old resource version: ${from} (${this.compacted})`) });
      res.end();
      return;
    } else {
      for (const e of this.log) if (e.rv > from) this.write(w, { type: e.type, object: this.shape(e.object, metadataOnly) });
    }
    this.watches.add(w);
    res.on("close", () => this.watches.delete(w));
  }
}
