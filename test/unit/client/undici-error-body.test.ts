// The undici backend's bound on an error body, at the client's real size (16 MiB): an error
// reply that never ends is not waited for, and a 2xx longer than the bound is read whole. The
// bound itself, at a small size, is in undici-buffered-rules.test.ts; this file moves 16 MiB
// bodies, which takes seconds, so it stays out of the mutation scopes.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { KubexApiError } from "../../../runtime/index.js";
import { UndiciClient } from "../../../runtime/client/undici-client.js";
import { MAX_ERROR_BODY_BYTES } from "../../../runtime/client/http-client.js";
import { startServer } from "../support/server.js";

const server = await startServer((req, res) => {
  switch (req.url) {
    case "/endless-500":
    case "/endless-300":
      res.writeHead(req.url === "/endless-300" ? 300 : 500, { "content-type": "application/json" });
      return void res.write(Buffer.alloc(MAX_ERROR_BODY_BYTES + 1024, 0x20));
    case "/large-200":
      res.writeHead(200);
      return res.end(Buffer.alloc(MAX_ERROR_BODY_BYTES + 1024, 0x61));
  }
  res.writeHead(404);
  res.end();
});
after(() => server.close());

test("an error reply that never ends is not waited for past its bound (300 included); a 2xx longer than that bound is read whole", async () => {
  // Waiting for the body's end would end in the read timeout instead of the reply's error.
  await using c = new UndiciClient(server.configuration(), { retry: false, timeout: { read: 20 } });
  for (const [path, code] of [["/endless-500", 500], ["/endless-300", 300]] as const) {
    await assert.rejects(c.request({ method: "GET", path }), (e: unknown) => e instanceof KubexApiError && e.status === code);
  }
  assert.equal((await (await c.request({ method: "GET", path: "/large-200" })).text()).length, MAX_ERROR_BODY_BYTES + 1024);
});

