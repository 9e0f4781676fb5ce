// The undici backend's pool options, as the server sees them: connections counted per request.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createClient, type ClientOptions } from "../../../runtime/index.js";
import { json, startServer } from "../support/server.js";

const server = await startServer((req, res) => {
  const delay = req.url === "/slow" ? 200 : 0;
  setTimeout(() => json(res, 200, {}), delay);
});
after(() => server.close());

/** How many distinct connections served `requests`, run `concurrently` or one after another. */
async function connectionsFor(options: ClientOptions, requests: number, concurrently: boolean): Promise<number> {
  await using client = await createClient({ configuration: server.configuration(), options, backend: "undici" });
  const before = server.requests.length;
  const one = async () => (await client.request({ method: "GET", path: concurrently ? "/slow" : "/fast" })).json();
  if (concurrently) await Promise.all(Array.from({ length: requests }, one));
  else {
    for (let i = 0; i < requests; i++) {
      await one();
      await new Promise((r) => setTimeout(r, 20)); // the connection goes back to the pool
    }
  }
  return new Set(server.requests.slice(before).map((r) => r.socket)).size;
}

test("undici: poolSize and poolSizePerHost cap the connections (the smaller wins)", async () => {
  assert.equal(await connectionsFor({}, 3, true), 3);
  assert.equal(await connectionsFor({ poolSize: 1 }, 3, true), 1);
  assert.equal(await connectionsFor({ poolSize: 5, poolSizePerHost: 2 }, 3, true), 2);
});

test("undici: keepAlive false opens a connection per request; by default one is reused", async () => {
  assert.equal(await connectionsFor({}, 3, false), 1);
  assert.equal(await connectionsFor({ keepAlive: false }, 3, false), 3);
});
