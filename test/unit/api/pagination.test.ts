// listAll follows continue tokens; a server that hands back a token it already gave would loop forever.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Api, KubexProtocolError } from "../../../runtime/index.js";
import { ConfigMap } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { RecordingClient } from "./recording-client.js";

class PagingClient extends RecordingClient {
  constructor(private readonly tokens: string[]) { super(); }
  override async request(r: Parameters<RecordingClient["request"]>[0]) {
    const page = this.sent.length;
    this.reply = JSON.stringify({ kind: "ConfigMapList", metadata: { continue: this.tokens[page] ?? "" }, items: [{ metadata: { name: `cm-${page}` } }] });
    return super.request(r);
  }
}

async function drain(it: AsyncIterable<{ metadata?: { name?: string } }>, max = 50): Promise<string[]> {
  const names: string[] = [];
  for await (const o of it) {
    names.push(o.metadata?.name ?? "");
    if (names.length > max) throw new Error("listAll did not stop");
  }
  return names;
}

test("listAll follows distinct continue tokens to the last page", async () => {
  const client = new PagingClient(["a", "b"]);
  assert.deepEqual(await drain(new Api(ConfigMap, { client, namespace: "n" }).listAll()), ["cm-0", "cm-1", "cm-2"]);
});

for (const [label, tokens] of [["the same token twice", ["a", "a", "a", "a"]], ["a cycle of tokens", ["a", "b", "a", "b", "a"]]] as const) {
  test(`listAll: a server repeating a continue token (${label}) is a KubexProtocolError, not an endless loop`, async () => {
    const client = new PagingClient([...tokens, ...Array<string>(100).fill("a")]);
    await assert.rejects(drain(new Api(ConfigMap, { client, namespace: "n" }).listAll()),
      (e: Error) => e instanceof KubexProtocolError && /continue token/.test(e.message) && !e.message.includes('"a"'));
    assert.ok(client.sent.length <= tokens.length + 1, `stopped after ${client.sent.length} pages`);
  });
}
