// Timeouts the platform sets on the connections it opens.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Dispatcher } from "undici";
import { nodeFetchPlatform } from "../../../runtime/client/platform/node.js";

/** undici keeps a dispatcher's options under a symbol described "options". */
function dispatcherOptions(dispatcher: unknown): Record<string, unknown> {
  const symbol = Object.getOwnPropertySymbols(dispatcher).find((s) => s.description === "options");
  assert.ok(symbol, "undici dispatcher options are readable");
  return (dispatcher as Record<symbol, Record<string, unknown>>)[symbol] ?? {};
}

test("Node/fetch: the dispatcher has no body timeout (undici's 300 s default would end a quiet watch), nor a headers timeout", async () => {
  const setup = await nodeFetchPlatform.fetchSetup({ tls: { rejectUnauthorized: true } }, {});
  const options = dispatcherOptions(setup.init.dispatcher);
  assert.equal(options.bodyTimeout, 0);
  assert.equal(options.headersTimeout, 0);
  await (setup.init.dispatcher as Dispatcher).close();
});
