// Every function the package exports, called with null or a missing argument where an object,
// a client or a string belongs: the answer is a KubexError naming the problem (an argument
// error, or the failed request of a call that was well formed), never a TypeError from inside.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as kubex from "../../runtime/index.js";
import { Pod } from "../../generated/k8s/v1_35/core/v1/index.js";

// Port 1 on loopback: a call that gets as far as the network fails at once, and nothing leaves the machine.
const configuration = { server: "https://127.0.0.1:1", namespace: "default", tls: {} } as kubex.ClientConfiguration;

async function outcome(run: () => unknown): Promise<unknown> {
  try {
    const value = run();
    if (value instanceof Promise) await value;
    else if (value !== null && typeof value === "object" && Symbol.asyncIterator in value) {
      for await (const _ of value as AsyncIterable<unknown>) break;
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

test("every exported function, given null or nothing where an argument belongs, answers with a KubexError, not a TypeError", async () => {
  await using client = await kubex.createClient({ configuration, options: { timeout: { total: 2 }, retry: false } });
  const pods = new kubex.Api(Pod, { client });
  const functions = Object.entries(kubex).filter(([name, value]) => typeof value === "function" && /^[a-z]/.test(name)) as [string, (...args: unknown[]) => unknown][];
  assert.ok(functions.length > 30, `found ${functions.length} functions`);
  const calls: [string, unknown[]][] = [["null", [null]], ["client, null", [client, null]], ["client, null, null", [client, null, null]], ["api, null", [pods, null]]];
  const bad: string[] = [];
  for (const [name, fn] of functions) {
    for (const [shown, args] of calls) {
      const error = await outcome(() => fn(...args));
      if (error !== undefined && !(error instanceof kubex.KubexError)) bad.push(`${name}(${shown}): ${(error as Error).constructor.name}: ${(error as Error).message}`);
    }
  }
  assert.deepEqual(bad, []);
});

test("the refusals name the argument", async () => {
  await using client = await kubex.createClient({ configuration, options: { retry: false } });
  const refused = (argument: string) => (e: unknown) => e instanceof kubex.KubexArgumentError && e.argument === argument;
  await assert.rejects(kubex.listenTo(client, { kind: "Pod", name: "p" }, null as never), refused("options"));
  await assert.rejects(kubex.listenTo(client, { kind: "Pod", name: "p" }, { portMap: null } as never), refused("options.portMap"));
  await assert.rejects(kubex.forwardTo(client, { kind: "Pod", name: "p" }, { ports: 80 } as never), refused("options.ports"));
  await assert.rejects(kubex.resolveForwardTarget(null as never, { kind: "Pod", name: "p" }, [80]), refused("client"));
  await assert.rejects(kubex.topPods(client, null as never), refused("options"));
  await assert.rejects(kubex.topNodes(client, { labelSelector: null } as never), refused("options.labelSelector"));
  await assert.rejects(kubex.deleteManifests(client, [], null as never), refused("options"));
  await assert.rejects(kubex.applyManifests(null as never, [], { fieldManager: "m" }), refused("client"));
  assert.throws(() => kubex.discoveryFor(null as never), refused("client"));
  assert.throws(() => kubex.descriptorFromResourceList(null as never, "", "v1", "Pod"), refused("list"));
  assert.throws(() => kubex.kubeconfigPaths(null as never), refused("options"));
  assert.throws(() => kubex.kubeconfigPaths({ path: null } as never), refused("options.path"));
  assert.throws(() => kubex.isInCluster({ env: null } as never), refused("options.env"));
  assert.throws(() => kubex.objectKey(null), refused("object"));
  assert.throws(() => kubex.redactUrl(null as never), refused("url"));
  assert.throws(() => kubex.portStreamDuplex({} as never), refused("stream"));
  assert.throws(() => kubex.isIdempotent(null as never), refused("request"));
  // A watcher retries what fails inside its loop, so a wrong argument must be refused before it: it would never heal.
  assert.throws(() => kubex.watcher(null as never), refused("api"));
  assert.throws(() => kubex.watcher(new kubex.Api(Pod, { client }), null as never), refused("options"));
  await assert.rejects(kubex.withRetry({ method: "GET", path: "/" }, null as never, async () => 1), refused("policy"));
  await assert.rejects(kubex.withRetry({ method: "GET", path: "/" }, {}, null as never), refused("attempt"));
});
