// Stopping a watch or a followed log with the caller's own signal ends the loop quietly; other failures still throw.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Api, InternalError, isAbortError, KubexClientError, KubexTimeoutError, type KubeRequest, type KubeResponse,
} from "../../../runtime/index.js";
import { Pod } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { RecordingClient } from "./recording-client.js";

const encoder = new TextEncoder();
const abortedError = () => new KubexClientError("GET /x: aborted", { code: "KUBEX_ABORTED" });

/** Streams `lines`, then waits: the request's signal ends it with the transport's abort error, or `failure` is thrown. */
class StallingClient extends RecordingClient {
  failure: Error | undefined;
  constructor(private readonly lines: string[]) {
    super();
  }
  override async stream(r: KubeRequest): Promise<KubeResponse> {
    this.sent.push(r);
    const { lines } = this;
    const failure = this.failure;
    return {
      status: 200,
      headers: { get: () => null, getAll: () => [] },
      text: async () => "",
      json: async <T>() => ({}) as T,
      body: () => ({
        async *[Symbol.asyncIterator]() {
          // All lines in one chunk: aborting must stop what was already received, too.
          if (lines.length > 0) yield encoder.encode(lines.map((l) => `${l}\n`).join(""));
          if (failure) throw failure;
          if (!r.signal?.aborted) await new Promise<void>((resolve) => r.signal?.addEventListener("abort", () => resolve(), { once: true }));
          throw abortedError();
        },
      }),
      cancel: async () => void this.cancelled++,
    };
  }
}

const added = JSON.stringify({ type: "ADDED", object: { metadata: { name: "a" } } });

test("a watch stopped with the caller's signal ends the loop without an error and closes the stream", async () => {
  const client = new StallingClient([added, added, added]);
  const controller = new AbortController();
  const seen: string[] = [];
  for await (const event of new Api(Pod, { client, namespace: "n" }).watch({ signal: controller.signal })) {
    seen.push(event.type);
    controller.abort();
  }
  assert.deepEqual(seen, ["ADDED"]);
  assert.equal(client.cancelled, 1);
});

test("a followed log stopped with the caller's signal ends the loop without an error", async () => {
  const client = new StallingClient(["line 1", "line 2", "line 3"]);
  const controller = new AbortController();
  const lines: string[] = [];
  for await (const line of new Api(Pod, { client, namespace: "n" }).logs.stream("p", { follow: true, signal: controller.signal })) {
    lines.push(line);
    if (lines.length === 2) controller.abort();
  }
  assert.deepEqual(lines, ["line 1", "line 2"]);
});

test("a signal aborted before the watch starts gives an empty iteration", async () => {
  const client = new RecordingClient();
  client.stream = async () => { throw abortedError(); };
  const seen: unknown[] = [];
  for await (const e of new Api(Pod, { client, namespace: "n" }).watch({ signal: AbortSignal.abort() })) seen.push(e);
  assert.deepEqual(seen, []);
});

test("a timeout or a server failure still throws, also when a signal was given", async () => {
  for (const failure of [new KubexTimeoutError("no data for 5s (read timeout)"), abortedError()]) {
    const client = new StallingClient([added]);
    client.failure = failure;
    await assert.rejects(async () => { for await (const _ of new Api(Pod, { client, namespace: "n" }).watch({ signal: new AbortController().signal })) void _; },
      (e: unknown) => e === failure, "not the caller's abort: thrown");
  }
  const client = new StallingClient([JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 500, message: "etcd" } })]);
  const controller = new AbortController();
  await assert.rejects(async () => { for await (const _ of new Api(Pod, { client, namespace: "n" }).watch({ signal: controller.signal })) void _; }, InternalError);
});

test("isAbortError tells the caller's abort from other failures", () => {
  assert.equal(isAbortError(abortedError()), true);
  assert.equal(isAbortError(new DOMException("stop", "AbortError")), true);
  assert.equal(isAbortError(new KubexTimeoutError("t")), false);
  assert.equal(isAbortError(new KubexClientError("connection reset")), false);
  assert.equal(isAbortError(new Error("aborted")), false);
  assert.equal(isAbortError(undefined), false);
});
