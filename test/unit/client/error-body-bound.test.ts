// An error reply whose body never ends (or is huge) gives its typed error after a bounded read,
// even with no timeouts, instead of buffering without limit.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createClient, InternalError, type Backend } from "../../../runtime/index.js";
import { startServer } from "../support/server.js";

const chunk = "x".repeat(64 * 1024);
const server = await startServer((_req, res) => {
  res.writeHead(500, { "content-type": "text/plain" });
  const timer = setInterval(() => res.write(chunk), 1);
  res.on("close", () => clearInterval(timer));
});
after(() => server.close());

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: an endless error body gives InternalError after a bounded read, with no timeouts set`, async () => {
    await using client = await createClient({ configuration: server.configuration(), backend, options: { timeout: null } });
    const started = Date.now();
    await assert.rejects(client.request({ method: "GET", path: "/api", signal: AbortSignal.timeout(10_000) }),
      (e: Error) => e instanceof InternalError && e.status === 500 && e.message.length < 2_000);
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  });
}
