// The ws-package adapter when `ws` cannot be loaded: a resolve hook answers the import of "ws"
// with the ESM code, then the CommonJS one, then another failure, one per attempt.
import assert from "node:assert/strict";
import { test } from "node:test";
import { register } from "node:module";
import { KubexConfigurationError } from "../../../runtime/errors.js";

register(
  "data:text/javascript," +
    encodeURIComponent(`
let attempts = 0;
export async function resolve(specifier, context, next) {
  if (specifier !== "ws") return next(specifier, context);
  attempts++;
  const error = new Error("ws attempt " + attempts);
  error.code = ["ERR_MODULE_NOT_FOUND", "MODULE_NOT_FOUND", "ERR_ACCESS_DENIED"][attempts - 1] ?? "ERR_ACCESS_DENIED";
  throw error;
}`),
);
const { openNodeWebSocket } = await import("../../../runtime/client/websocket/node-adapter.js");

const options = { url: "ws://127.0.0.1:1/x", protocols: ["v5.channel.k8s.io"], headers: {}, tls: { rejectUnauthorized: true }, maxMessageSize: null };
const missing = "the undici backend needs the `ws` package for exec, attach and port-forward, and it is not installed (npm install ws)";

test("a missing ws package is a KubexConfigurationError that says what to install; each WebSocket tries again; another failure passes as is", async () => {
  for (const code of ["ERR_MODULE_NOT_FOUND", "MODULE_NOT_FOUND"]) {
    await assert.rejects(openNodeWebSocket(options), (e: Error) => e instanceof KubexConfigurationError && e.message === missing && (e.cause as { code?: string }).code === code, code);
  }
  await assert.rejects(openNodeWebSocket(options), (e: Error) => !(e instanceof KubexConfigurationError) && e.message === "ws attempt 3");
});
