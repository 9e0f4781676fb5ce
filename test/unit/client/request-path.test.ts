// The per-call work of a request: what is built once per client, and how a whole reply is read.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexClientError, type Backend } from "../../../runtime/index.js";
import { createClient } from "../../../runtime/client/create-client.js";
import { BufferedResponse, type RawResponse } from "../../../runtime/client/response.js";
import { UndiciClient } from "../../../runtime/client/undici-client.js";
import type { PreparedRequest } from "../../../runtime/client/http-client.js";
import { recordHeaders } from "../../../runtime/client/response.js";
import { json, startServer } from "../support/server.js";
import { Api } from "../../../runtime/index.js";
import { Namespace, Pod } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { RecordingClient } from "../api/recording-client.js";

const unread: AsyncIterable<Uint8Array> = {
  [Symbol.asyncIterator]() {
    throw new Error("the body was iterated although the backend offers a whole-body read");
  },
};

test("a reply is read whole through the backend's own read when it offers one, not chunk by chunk", async () => {
  const raw: RawResponse = { status: 200, headers: recordHeaders({}), body: unread, text: async () => '{"kind":"Pod"}', cancel: async () => {} };
  assert.deepEqual(await new BufferedResponse(raw, "GET /x").json(), { kind: "Pod" });
  // Once read, the body is gone either way.
  const again = new BufferedResponse(raw, "GET /x");
  await again.text();
  assert.throws(() => again.body(), /already read/);
});

test("with retries on, a reply is read whole inside the attempt through the backend's own whole read, bytes intact", async () => {
  const binary = Uint8Array.from([0xff, 0xfe, 0x00, 0x7b]);
  class Capture extends UndiciClient {
    protected override transport(): Promise<RawResponse> {
      return Promise.resolve({ status: 200, headers: recordHeaders({}), body: unread, bytes: async () => binary, text: async () => "unused", cancel: async () => {} });
    }
  }
  await using client = new Capture({ server: "https://127.0.0.1:1", namespace: "default", tls: {} });
  const chunks: Uint8Array[] = [];
  for await (const chunk of (await client.request({ method: "GET", path: "/a" })).body()) chunks.push(chunk);
  assert.deepEqual(Buffer.concat(chunks), Buffer.from(binary));
  class Json extends UndiciClient {
    protected override transport(): Promise<RawResponse> {
      return Promise.resolve({ status: 200, headers: recordHeaders({}), body: unread, bytes: async () => new TextEncoder().encode('{"kind":"Pod"}'), cancel: async () => {} });
    }
  }
  await using jsonClient = new Json({ server: "https://127.0.0.1:1", namespace: "default", tls: {} });
  assert.deepEqual(await (await jsonClient.request({ method: "GET", path: "/a" })).json(), { kind: "Pod" });
});

test("a reply whose body was taken as chunks is not read again whole", async () => {
  const chunks = async function* () {
    yield new TextEncoder().encode("ab");
  };
  const raw: RawResponse = { status: 200, headers: recordHeaders({}), body: chunks(), text: async () => "whole", cancel: async () => {} };
  const response = new BufferedResponse(raw, "GET /x");
  response.body();
  await assert.rejects(response.text(), /already read/);
});

test("requests with no headers of their own reuse one header list per client while the token is the same", async () => {
  const seen: PreparedRequest[] = [];
  class Capture extends UndiciClient {
    protected override transport(request: PreparedRequest): Promise<RawResponse> {
      seen.push(request);
      return Promise.resolve({ status: 200, headers: recordHeaders({}), body: (async function* () {})(), cancel: async () => {} });
    }
  }
  await using client = new Capture({ server: "https://127.0.0.1:1", namespace: "default", tls: {}, token: "t0k3n", impersonate: { user: "u" } });
  for (let i = 0; i < 2; i++) await (await client.request({ method: "GET", path: "/a" })).text();
  await (await client.request({ method: "POST", path: "/a", body: "{}" })).text();
  await (await client.request({ method: "POST", path: "/a", body: "{}" })).text();
  await (await client.request({ method: "GET", path: "/a", headers: { accept: "text/plain" } })).text();
  assert.equal(seen[0]!.headers, seen[1]!.headers, "two plain GETs share one list");
  assert.equal(seen[2]!.headers, seen[3]!.headers, "two writes share one list");
  assert.deepEqual(seen[0]!.headers, [["accept", "application/json"], ["user-agent", "kubex-ts"], ["impersonate-user", "u"], ["authorization", "Bearer t0k3n"]]);
  assert.deepEqual(seen[2]!.headers.at(-1), ["content-type", "application/json"]);
  assert.deepEqual(seen[4]!.headers.filter(([n]) => n === "accept"), [["accept", "text/plain"]]);
});

test("a credential provider's new token is sent, not the list built for the old one", async () => {
  const seen: PreparedRequest[] = [];
  class Capture extends UndiciClient {
    protected override transport(request: PreparedRequest): Promise<RawResponse> {
      seen.push(request);
      return Promise.resolve({ status: 200, headers: recordHeaders({}), body: (async function* () {})(), cancel: async () => {} });
    }
  }
  let token = "one";
  await using client = new Capture({ server: "https://127.0.0.1:1", namespace: "default", tls: {}, credentialProvider: { getCredentials: async () => ({ token }) } });
  await (await client.request({ method: "GET", path: "/a" })).text();
  token = "two";
  await (await client.request({ method: "GET", path: "/a" })).text();
  assert.deepEqual(seen.map((r) => r.headers.find(([n]) => n === "authorization")?.[1]), ["Bearer one", "Bearer two"]);
});

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: a whole reply read at once still ends in a KubexClientError when the connection breaks mid-body`, async () => {
    const server = await startServer((req, res) => {
      if (req.url === "/ok") return json(res, 200, { kind: "Thing", items: "x".repeat(300_000) });
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"kind":"Par');
      setTimeout(() => res.socket?.destroy(), 30);
    });
    try {
      await using client = await createClient({ configuration: server.configuration(), backend });
      assert.equal((await (await client.request({ method: "GET", path: "/ok" })).json<{ items: string }>()).items.length, 300_000);
      // Read by the backend's whole read after the call (retry: false), and inside the retried attempt (the default).
      for (const retry of [false, { attempts: 2 }] as const) {
        const error = await client.request({ method: "GET", path: "/cut", retry }).then((r) => r.json()).catch((e: unknown) => e);
        assert.ok(error instanceof KubexClientError, String(error));
        assert.match((error as Error).message, /GET \/cut/);
      }
    } finally {
      await server.close();
    }
  });
}

test("collection paths are kept per namespace: each namespace gets its own, a hostile one after a known one is still refused", async () => {
  const client = new RecordingClient();
  const pods = new Api(Pod, { client });
  for (let i = 0; i < 2; i++) {
    await pods.get("p");
    await pods.get("p", { namespace: "a b" });
    await pods.get("p", { namespace: "other" });
  }
  await assert.rejects(pods.get("p", { namespace: "../x" }), /options\.namespace/);
  await assert.rejects(pods.get("p", { namespace: 42 as unknown as string }), /options\.namespace/);
  await new Api(Namespace, { client }).get("n");
  assert.deepEqual(client.sent.map((r) => r.path), [
    "/api/v1/namespaces/from-config/pods/p", "/api/v1/namespaces/a%20b/pods/p", "/api/v1/namespaces/other/pods/p",
    "/api/v1/namespaces/from-config/pods/p", "/api/v1/namespaces/a%20b/pods/p", "/api/v1/namespaces/other/pods/p",
    "/api/v1/namespaces/n",
  ]);
});
