// createClient's rules (its init's fields, the default backend, the configuration loaded as
// kubectl does when none is given), the runtime the fetch backend detects, what every client
// inherits from BaseClient, and the fetch backend's read-timeout error. Clients are built but
// never send anything.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubexArgumentError, KubexConfigurationError } from "../../../runtime/errors.js";
import { createClient } from "../../../runtime/client/create-client.js";
import { FetchClient } from "../../../runtime/client/fetch-client.js";
import { UndiciClient } from "../../../runtime/client/undici-client.js";
import { BaseClient } from "../../../runtime/client/base-client.js";
import { detectRuntime } from "../../../runtime/client/runtime-detect.js";
import { ReadTimeoutError } from "../../../runtime/client/inactivity.js";
import type { KubeRequest, KubeResponse } from "../../../runtime/client/request.js";

const configuration = { server: "https://127.0.0.1:1", namespace: "default", tls: {} };

test("createClient: undici unless fetch is asked for", async () => {
  await using undici = await createClient({ configuration });
  assert.ok(undici instanceof UndiciClient);
  await using named = await createClient({ configuration, backend: "undici" });
  assert.ok(named instanceof UndiciClient);
  await using fetch = await createClient({ configuration, backend: "fetch" });
  assert.ok(fetch instanceof FetchClient);
  assert.equal(fetch.configuration.server, "https://127.0.0.1:1");
});

test("createClient: the options reach the client", async () => {
  await using client = await createClient({ configuration, options: { poolSize: 3 }, backend: "fetch" });
  assert.equal(client.options.poolSize, 3);
  await using undici = await createClient({ configuration, options: { poolSize: 5 } });
  assert.equal(undici.options.poolSize, 5);
});

test("createClient: an init that is not an object, or holds an unknown field, is refused by name", async () => {
  for (const init of [null, "kubeconfig", 5]) {
    await assert.rejects(createClient(init as never), (e: Error) => e instanceof KubexArgumentError && e.argument === "init" && e.message === "init: accepts an object {configuration?, options?, backend?}");
  }
  await assert.rejects(
    createClient({ configuration, option: {} } as never),
    (e: Error) => e instanceof KubexArgumentError && e.argument === "init.option" && e.message === "init.option: is not a createClient field (known: configuration, options, backend)",
  );
  // `null` names no backend: refused like any other value, not read as the default.
  for (const [backend, got] of [["curl", '"curl"'], ["Fetch", '"Fetch"'], [null, "null"], [5, "5"], [() => "undici", "function"]] as const) {
    await assert.rejects(
      createClient({ configuration, backend: backend as never }),
      (e: Error) => e instanceof KubexArgumentError && e instanceof KubexConfigurationError && e.argument === "init.backend" && e.message === `init.backend: accepts "undici" or "fetch" (undefined for undici); got ${got}`,
    );
  }
});

test("createClient: without a configuration it loads the kubeconfig KUBECONFIG names; with one, it reads no file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-create-"));
  const saved = process.env.KUBECONFIG;
  try {
    const path = join(dir, "config");
    writeFileSync(path, [
      "apiVersion: v1", "kind: Config", "current-context: c",
      "clusters: [{name: k, cluster: {server: 'https://kube.example:6443'}}]",
      "users: [{name: u, user: {}}]",
      "contexts: [{name: c, context: {cluster: k, user: u, namespace: team}}]",
    ].join("\n"));
    process.env.KUBECONFIG = path;
    await using loaded = await createClient();
    assert.equal(loaded.configuration.server, "https://kube.example:6443");
    await using fromInit = await createClient({});
    assert.equal(fromInit.configuration.server, "https://kube.example:6443");
    await using given = await createClient({ configuration });
    assert.equal(given.configuration.server, "https://127.0.0.1:1");
    // A configuration given explicitly means the broken kubeconfig is never read.
    writeFileSync(path, "not: [yaml");
    await using still = await createClient({ configuration });
    assert.equal(still.configuration.server, "https://127.0.0.1:1");
    await assert.rejects(createClient(), KubexConfigurationError);
  } finally {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("detectRuntime: Bun, then Deno, then Node by its version, else other", () => {
  const g = globalThis as { Bun?: unknown; Deno?: unknown; process?: unknown };
  assert.equal(detectRuntime(), "node");
  const savedProcess = g.process;
  try {
    g.Deno = {};
    assert.equal(detectRuntime(), "deno");
    g.Bun = {};
    assert.equal(detectRuntime(), "bun");
    delete g.Bun;
    delete g.Deno;
    g.Bun = null;
    assert.equal(detectRuntime(), "bun");
    delete g.Bun;
    Object.defineProperty(globalThis, "process", { value: { versions: { node: "" } }, configurable: true, writable: true });
    assert.equal(detectRuntime(), "other");
    Object.defineProperty(globalThis, "process", { value: { versions: {} }, configurable: true, writable: true });
    assert.equal(detectRuntime(), "other");
    Object.defineProperty(globalThis, "process", { value: {}, configurable: true, writable: true });
    assert.equal(detectRuntime(), "other");
    Object.defineProperty(globalThis, "process", { value: undefined, configurable: true, writable: true });
    assert.equal(detectRuntime(), "other");
  } finally {
    Object.defineProperty(globalThis, "process", { value: savedProcess, configurable: true, writable: true });
    delete g.Bun;
    delete g.Deno;
  }
  assert.equal(detectRuntime(), "node");
});

class Minimal extends BaseClient {
  readonly configuration = configuration;
  closed = 0;
  request(_request: KubeRequest): Promise<KubeResponse> {
    throw new Error("not sent");
  }
  stream(_request: KubeRequest): Promise<KubeResponse> {
    throw new Error("not sent");
  }
  connectWebSocket(): never {
    throw new Error("not sent");
  }
  async close(): Promise<void> {
    this.closed++;
  }
}

test("BaseClient: a warning goes out as a KubernetesApiWarning process warning, and disposing closes", async () => {
  const seen: { message: string; type: unknown }[] = [];
  const original = process.emitWarning;
  process.emitWarning = ((message: string, options: { type: unknown }) => void seen.push({ message, type: options.type })) as typeof process.emitWarning;
  try {
    new Minimal().reportWarning("deprecated API", { method: "GET", path: "/apis/x" });
  } finally {
    process.emitWarning = original;
  }
  assert.deepEqual(seen, [{ message: "deprecated API", type: "KubernetesApiWarning" }]);
  const client = new Minimal();
  {
    await using _ = client;
  }
  assert.equal(client.closed, 1);
});

test("ReadTimeoutError: an Error with the code KUBEX_READ_TIMEOUT and its message", () => {
  const e = new ReadTimeoutError("no data for 5000 ms");
  assert.ok(e instanceof Error);
  assert.equal(e.code, "KUBEX_READ_TIMEOUT");
  assert.equal(e.message, "no data for 5000 ms");
});
