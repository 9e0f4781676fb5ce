// A reply cut off after its headers, mid-body: an idempotent GET is sent again, a POST is
// not (it may have taken effect) and its error says so. Both backends, an in-process server.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { Api, createClient, KubexClientError, type Backend, type RetryNotice } from "../../../runtime/index.js";
import { ConfigMap } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { startServer } from "../support/server.js";

/** Replies still to be cut off after half of their body. */
let cuts = 0;
const server = await startServer((req, res) => {
  const body = JSON.stringify(
    req.method === "GET"
      ? { kind: "ConfigMapList", apiVersion: "v1", metadata: { resourceVersion: "1" }, items: Array.from({ length: 200 }, (_, i) => ({ metadata: { name: `cm-${i}` } })) }
      : { kind: "ConfigMap", apiVersion: "v1", metadata: { name: "cm", namespace: "n" } },
  );
  res.writeHead(req.method === "POST" ? 201 : 200, { "content-type": "application/json", "content-length": String(body.length) });
  if (cuts-- > 0) {
    res.write(body.slice(0, body.length >> 1));
    // Headers and half the body are on the wire: then the connection is closed.
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  res.end(body);
});
after(() => server.close());
const fast = { initial: 0.01, jitter: 0 };

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: a list whose body is cut mid-way is sent again and read whole; the hook sees the retry`, async () => {
    const notices: RetryNotice[] = [];
    await using client = await createClient({ configuration: server.configuration(), backend, options: { retry: { backoff: fast, onRetry: (n) => notices.push(n) } } });
    const before = server.requests.length;
    cuts = 2;
    const list = await new Api(ConfigMap, { client, namespace: "n" }).list();
    assert.equal(list.items.length, 200);
    assert.equal(server.requests.length - before, 3);
    assert.deepEqual(notices.map((n) => [n.method, n.attempt]), [["GET", 1], ["GET", 2]]);
  });

  test(`${backend}: a create whose reply is cut mid-body is not sent again, and its error says why`, async () => {
    await using client = await createClient({ configuration: server.configuration(), backend, options: { retry: { backoff: fast } } });
    const before = server.requests.length;
    cuts = 1;
    const error = await new Api(ConfigMap, { client, namespace: "n" }).create({ metadata: { name: "cm" } }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof KubexClientError, `got ${String(error)}`);
    assert.match(error.message, /not retried: the connection broke \(\w+\) after a POST may have reached the server/);
    assert.equal(server.requests.length - before, 1);
    cuts = 0;
  });

  test(`${backend}: with retry: false a cut body is the caller's error, sent once`, async () => {
    await using client = await createClient({ configuration: server.configuration(), backend });
    const before = server.requests.length;
    cuts = 1;
    await assert.rejects(new Api(ConfigMap, { client, namespace: "n" }).list({ retry: false }), KubexClientError);
    assert.equal(server.requests.length - before, 1);
    cuts = 0;
  });
}
