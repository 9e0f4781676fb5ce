// An OIDC issuer that answers without end (or far too much) fails the refresh with a typed
// error instead of holding the request forever and buffering without limit.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { KubexAuthenticationError, OidcProvider } from "../../../runtime/index.js";

const chunk = "x".repeat(64 * 1024);
const server = createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  if (req.url === "/endless/.well-known/openid-configuration") {
    const timer = setInterval(() => res.write(chunk), 1);
    res.on("close", () => clearInterval(timer));
    return;
  }
  res.end(`{"token_endpoint":"${"y".repeat(8 * 1024 * 1024)}"}`);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
after(() => {
  server.closeAllConnections();
  server.close();
});

for (const issuer of ["endless", "huge"]) {
  test(`oidc: an issuer whose discovery answer is ${issuer} fails the refresh with a KubexAuthenticationError`, async () => {
    const provider = new OidcProvider({ clientId: "k", issuerUrl: `${base}/${issuer}`, refreshToken: "r" });
    const started = Date.now();
    await assert.rejects(provider.getCredentials({ forceRefresh: true, signal: AbortSignal.timeout(8_000) }),
      (e: Error) => e instanceof KubexAuthenticationError && /too large/.test(e.message));
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  });
}
