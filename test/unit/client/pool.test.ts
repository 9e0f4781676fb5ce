// What the undici backend's pool options do on the wire, counted server-side.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createClient, type ClientOptions } from "../../../runtime/index.js";
import { json, startServer } from "../support/server.js";

async function measure(options: ClientOptions, run: (send: () => Promise<unknown>) => Promise<unknown>) {
  const server = await startServer((_req, res) => setTimeout(() => json(res, 200, {}), 150));
  try {
    await using c = await createClient({ configuration: server.configuration(), options, backend: "undici" });
    await run(async () => (await c.request({ method: "GET", path: "/slow" })).json());
    return { ...server.connections };
  } finally {
    await server.close();
  }
}

const concurrently = (n: number) => (send: () => Promise<unknown>) => Promise.all(Array.from({ length: n }, send));
const oneAfterAnother = (n: number) => async (send: () => Promise<unknown>) => {
  for (let i = 0; i < n; i++) {
    await send();
    await new Promise((r) => setTimeout(r, 20)); // lets the pool mark the connection idle
  }
};

test("undici: poolSize bounds the sockets open at once (6 concurrent requests, poolSize 2: at most 2 connections)", async () => {
  assert.equal((await measure({ poolSize: 2 }, concurrently(6))).peakOpen, 2);
  assert.ok((await measure({}, concurrently(6))).peakOpen > 2, "without a limit the pool opens more than 2");
});

test("undici: poolSizePerHost bounds them too, and the smaller of the two limits wins", async () => {
  assert.equal((await measure({ poolSizePerHost: 1 }, concurrently(4))).peakOpen, 1);
  assert.equal((await measure({ poolSize: 3, poolSizePerHost: 2 }, concurrently(6))).peakOpen, 2);
  assert.equal((await measure({ poolSize: 1, poolSizePerHost: null }, concurrently(4))).peakOpen, 1);
});

test("undici: keepAlive false opens a new connection per request; the default reuses one", async () => {
  assert.equal((await measure({ keepAlive: false }, oneAfterAnother(3))).accepted, 3);
  assert.equal((await measure({}, oneAfterAnother(3))).accepted, 1);
});
