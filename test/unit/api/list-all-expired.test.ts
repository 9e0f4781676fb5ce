// listAll after an expired continue token (410 Expired): it continues with the token the
// server offers in that Status, else it lists again and skips what it already yielded.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import type { ServerResponse } from "node:http";
import { Api, createClient, Gone } from "../../../runtime/index.js";
import { ConfigMap } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { json, startServer } from "../support/server.js";

type Page = { names: string[]; next?: string };
/** What the server answers to each continue token ("" = the first page). */
let script: Record<string, Page | { expired: true; offer?: string }> = {};
const cm = (name: string) => ({ metadata: { name, namespace: "n", uid: `uid-${name.replace(/'$/, "")}`, resourceVersion: name.endsWith("'") ? "2" : "1" } });

function expired(res: ServerResponse, offer: string | undefined): void {
  json(res, 410, {
    kind: "Status", apiVersion: "v1", status: "Failure", code: 410, reason: "Expired",
    message: "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
    metadata: offer === undefined ? {} : { continue: offer },
  });
}

const server = await startServer((req, res) => {
  const token = new URL(req.url!, "https://x").searchParams.get("continue") ?? "";
  const answer = script[token];
  if (!answer) return json(res, 500, { kind: "Status", code: 500, message: `no page for ${token}` });
  if ("expired" in answer) return expired(res, answer.offer);
  json(res, 200, { kind: "ConfigMapList", apiVersion: "v1", metadata: { resourceVersion: "9", continue: answer.next ?? "" }, items: answer.names.map(cm) });
});
after(() => server.close());
const client = await createClient({ configuration: server.configuration() });
after(() => client.close());
const api = new Api(ConfigMap, { client, namespace: "n" });

async function names(): Promise<string[]> {
  const out: string[] = [];
  for await (const o of api.listAll({ limit: 2 })) out.push(o.metadata!.name!);
  return out;
}
const tokensSent = () => server.requests.map((r) => new URL(r.url!, "https://x").searchParams.get("continue") ?? "");

test("listAll: an expired continue token with a fresh token in the Status continues from it (the rest at the latest state)", async () => {
  server.requests.length = 0;
  script = {
    "": { names: ["a", "b"], next: "t1" },
    t1: { expired: true, offer: "t1-latest" },
    "t1-latest": { names: ["c'", "d"], next: "t2" },
    t2: { names: ["e"] },
  };
  assert.deepEqual(await names(), ["a", "b", "c'", "d", "e"]);
  assert.deepEqual(tokensSent(), ["", "t1", "t1-latest", "t2"]);
});

test("listAll: an expired continue token with no fresh one lists again and skips, by uid, what it already yielded", async () => {
  server.requests.length = 0;
  let lists = 0;
  script = {
    get ""() {
      // The second list sees b changed and a new object x: b is not yielded again, x is.
      return lists++ === 0 ? { names: ["a", "b"], next: "t1" } : { names: ["a", "b'"], next: "r1" };
    },
    t1: { expired: true },
    r1: { names: ["c", "x"], next: "r2" },
    r2: { names: ["d"] },
  };
  assert.deepEqual(await names(), ["a", "b", "c", "x", "d"]);
  assert.deepEqual(tokensSent(), ["", "t1", "", "r1", "r2"]);
});

test("listAll: a 410 on the first page is the caller's to handle (Gone), nothing is retried", async () => {
  server.requests.length = 0;
  script = { "": { expired: true } };
  await assert.rejects(names(), Gone);
  assert.equal(server.requests.length, 1);
});

test("listAll: a server whose tokens always expire ends in Gone after a bounded number of new lists", async () => {
  server.requests.length = 0;
  script = { "": { names: ["a", "b"], next: "t1" }, t1: { expired: true } };
  await assert.rejects(names(), Gone);
  assert.ok(server.requests.length <= 12, `${server.requests.length} requests`);
});
