// listAll's promises (docs/reading-and-writing.md), rule by rule, against a scripted client:
// each continue token answers a page or an expired-token Status (410).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Api, Gone, KubexProtocolError } from "../../../runtime/index.js";
import { apiErrorFromResponse } from "../../../runtime/errors.js";
import { ConfigMap } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { RecordingClient } from "./recording-client.js";

type Item = { metadata?: { name?: string; namespace?: string; uid?: string } };
type Answer = { items: Item[]; next?: string } | { expired: true; offer?: unknown };

class ScriptedClient extends RecordingClient {
  constructor(private readonly answer: (token: string, call: number) => Answer) { super(); }
  readonly tokens: string[] = [];
  override async request(r: Parameters<RecordingClient["request"]>[0]) {
    const token = new URLSearchParams(r.query as [string, string][]).get("continue") ?? "";
    this.tokens.push(token);
    const answer = this.answer(token, this.tokens.length - 1);
    if ("expired" in answer) {
      // A Status without metadata offers no fresh token.
      const metadata = answer.offer === undefined ? {} : { metadata: { continue: answer.offer } };
      throw apiErrorFromResponse(410, JSON.stringify({ kind: "Status", code: 410, reason: "Expired", message: "too old", ...metadata }));
    }
    this.reply = JSON.stringify({ metadata: { continue: answer.next ?? "" }, items: answer.items });
    return super.request(r);
  }
}

const named = (...names: string[]) => names.map((name) => ({ metadata: { name, namespace: "n" } }));

async function names(client: ScriptedClient): Promise<string[]> {
  const out: string[] = [];
  for await (const o of new Api(ConfigMap, { client, namespace: "n" }).listAll()) out.push(o.metadata?.name ?? "?");
  return out;
}

test("listAll: the pages are read with limit 500 unless given, and the first page carries no continue token", async () => {
  const client = new ScriptedClient(() => ({ items: named("a") }));
  await names(client);
  assert.deepEqual(client.sent[0]!.query, [["limit", "500"]]);
  for await (const _ of new Api(ConfigMap, { client, namespace: "n" }).listAll({ limit: 7 })) void _;
  assert.deepEqual(client.sent[1]!.query, [["limit", "7"]]);
});

test("listAll: with no expiry, every item of every page is handed on, duplicates by name included", async () => {
  const client = new ScriptedClient((token) => (token === "" ? { items: named("a", "b"), next: "t1" } : { items: named("b", "c") }));
  assert.deepEqual(await names(client), ["a", "b", "b", "c"]);
});

test("listAll: after a restart, objects without a uid are skipped by namespace and name", async () => {
  let lists = 0;
  const client = new ScriptedClient((token) => {
    if (token === "") return lists++ === 0 ? { items: named("a", "b"), next: "t1" } : { items: [...named("a"), { metadata: { name: "b", namespace: "other" } }], next: "r1" };
    if (token === "t1") return { expired: true };
    return { items: named("c") };
  });
  assert.deepEqual(await names(client), ["a", "b", "b", "c"], "b of another namespace is another object");
});

test("listAll: an empty fresh token in the Status means none: the list starts again", async () => {
  let lists = 0;
  const client = new ScriptedClient((token) => {
    if (token === "") return lists++ === 0 ? { items: named("a"), next: "t1" } : { items: named("a", "b") };
    return { expired: true, offer: "" };
  });
  assert.deepEqual(await names(client), ["a", "b"]);
  assert.deepEqual(client.tokens, ["", "t1", ""]);
});

test("listAll: a fresh token that is not a string is ignored: the list starts again", async () => {
  let lists = 0;
  const client = new ScriptedClient((token) => {
    if (token === "") return lists++ === 0 ? { items: named("a"), next: "t1" } : { items: named("b") };
    return { expired: true, offer: 42 };
  });
  assert.deepEqual(await names(client), ["a", "b"]);
  assert.deepEqual(client.tokens, ["", "t1", ""]);
});

test("listAll: a new list may hand out the tokens of the first one again without being taken for a loop", async () => {
  let lists = 0;
  const client = new ScriptedClient((token, call) => {
    if (token === "") return lists++ === 0 ? { items: named("a"), next: "t1" } : { items: named("a"), next: "t1" };
    if (token === "t1") return call === 1 ? { expired: true } : { items: named("b") };
    return { items: [] };
  });
  assert.deepEqual(await names(client), ["a", "b"]);
  assert.deepEqual(client.tokens, ["", "t1", "", "t1"]);
});

test("listAll: five expiries in one listing are recovered from, the sixth Gone is thrown", async () => {
  let expiries = 0;
  const recovering = new ScriptedClient((token) => (token === "" ? { items: named("a"), next: "t1" } : ++expiries <= 5 ? { expired: true } : { items: named("b") }));
  assert.deepEqual(await names(recovering), ["a", "b"]);
  assert.equal(recovering.tokens.length, 12, "the first page, then five times an expiry and a new list, then the last page");

  const failing = new ScriptedClient((token) => (token === "" ? { items: named("a"), next: "t1" } : { expired: true }));
  await assert.rejects(names(failing), Gone);
  assert.equal(failing.tokens.length, 12, "six expiries, each after a list of the first page");
});

test("listAll: an error other than Gone on a later page is thrown as is", async () => {
  const client = new ScriptedClient((token) => {
    if (token === "") return { items: named("a"), next: "t1" };
    throw apiErrorFromResponse(500, JSON.stringify({ kind: "Status", code: 500, message: "etcd" }));
  });
  await assert.rejects(names(client), (e: Error) => !(e instanceof Gone) && /etcd/.test(e.message));
  assert.equal(client.tokens.length, 2);
});

test("listAll: a repeated token is refused naming the list kind", async () => {
  const client = new ScriptedClient(() => ({ items: named("a"), next: "same" }));
  await assert.rejects(names(client), (e: Error) => e instanceof KubexProtocolError && e.message === "listAll ConfigMapList: the server repeated a continue token it had already returned");
});

test("listAll: an object without metadata is handed on", async () => {
  const client = new ScriptedClient(() => ({ items: [{}, ...named("a")] }));
  assert.deepEqual(await names(client), ["?", "a"]);
});

test("listAll: after a restart, an object without metadata seen before is skipped, and so is one without a namespace", async () => {
  let lists = 0;
  const client = new ScriptedClient((token) => {
    if (token === "") return lists++ === 0 ? { items: [{}, { metadata: { name: "x" } }], next: "t1" } : { items: [{}, { metadata: { name: "x" } }, ...named("x")] };
    return { expired: true };
  });
  assert.deepEqual(await names(client), ["?", "x", "x"], "x in namespace n is another object than x in none");
});

test("listAll: a fresh token goes on with the same list, so a token that list gave before is still a repeat", async () => {
  let t1 = 0;
  const client = new ScriptedClient((token) => {
    if (token === "") return { items: named("a"), next: "t1" };
    if (token === "t1") return t1++ === 0 ? { expired: true, offer: "fresh" } : { items: named("c") };
    return { items: named("b"), next: "t1" };
  });
  await assert.rejects(names(client), (e: Error) => e instanceof KubexProtocolError && /repeated a continue token/.test(e.message));
  assert.deepEqual(client.tokens, ["", "t1", "fresh"]);
});

test("listAll: after an empty fresh token, the new list may hand out the first list's tokens again", async () => {
  let lists = 0;
  const client = new ScriptedClient((token, call) => {
    if (token === "") return lists++ === 0 ? { items: named("a"), next: "t1" } : { items: named("a"), next: "t1" };
    if (token === "t1") return call === 1 ? { expired: true, offer: "" } : { items: named("b") };
    return { items: [] };
  });
  assert.deepEqual(await names(client), ["a", "b"]);
  assert.deepEqual(client.tokens, ["", "t1", "", "t1"]);
});
