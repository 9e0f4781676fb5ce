// An Api stand-in for the watcher: each list or watch call takes the next scripted step, and
// every call's options are recorded. No server, no sockets: a test of the watcher's decisions
// runs in milliseconds.
export type RawEvent = { type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK"; object: unknown };
export type ListStep = { items: unknown[]; resourceVersion?: string; continue?: string } | Error;
/** Events, then how the stream ends: cleanly, with an error, or held open until aborted. */
export type WatchStep = { events: RawEvent[]; end?: unknown };

export const cm = (name: string, rv: string, namespace = "default") => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace, resourceVersion: rv } });
export const added = (name: string, rv: string): RawEvent => ({ type: "ADDED", object: cm(name, rv) });
export const modified = (name: string, rv: string): RawEvent => ({ type: "MODIFIED", object: cm(name, rv) });
export const deleted = (name: string, rv: string): RawEvent => ({ type: "DELETED", object: cm(name, rv) });
export const bookmark = (rv?: string, end = false): RawEvent => ({
  type: "BOOKMARK",
  object: { metadata: { ...(rv !== undefined ? { resourceVersion: rv } : {}), ...(end ? { annotations: { "k8s.io/initial-events-end": "true" } } : {}) } },
});

export class ScriptedApi {
  readonly calls: { verb: "list" | "watch"; options: Record<string, unknown> }[] = [];
  readonly metadata: ScriptedApi;
  /** Called when a step runs out: the watcher's test is over. */
  onExhausted: () => void = () => {};

  constructor(
    private readonly lists: ListStep[] = [],
    private readonly watches: WatchStep[] = [],
    metadataOf?: ScriptedApi,
  ) {
    this.metadata = metadataOf ?? this;
  }

  async list(options: Record<string, unknown>): Promise<unknown> {
    this.calls.push({ verb: "list", options });
    const step = this.lists.shift();
    if (step === undefined) return this.exhausted(options.signal as AbortSignal);
    if (step instanceof Error) throw step;
    return { apiVersion: "v1", kind: "List", metadata: { resourceVersion: step.resourceVersion ?? "", ...(step.continue ? { continue: step.continue } : {}) }, items: step.items };
  }

  watch(options: Record<string, unknown>): AsyncIterable<RawEvent> {
    this.calls.push({ verb: "watch", options });
    const step = this.watches.shift();
    const signal = options.signal as AbortSignal;
    const self = this;
    return (async function* () {
      if (step === undefined) return yield* [await self.exhausted(signal)];
      yield* step.events;
      if (step.end === "hang") await aborted(signal);
      else if (step.end !== undefined) throw step.end;
    })();
  }

  private async exhausted(signal: AbortSignal): Promise<never> {
    this.onExhausted();
    await aborted(signal);
    throw signal.reason;
  }
}

const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));

export const status = (code: number, reason: string) => ({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message: reason }) as never;
