// The transport's internal state (dispatchers holding the PEM key, fetch set-ups) never prints.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import type { TLSSocket } from "node:tls";
import { createClient, type Backend, type CredentialProvider } from "../../../runtime/index.js";
import { json, startServer } from "../support/server.js";
import { testCerts } from "../support/certs.js";

const certs = testCerts();
const server = await startServer((req, res) => json(res, 200, { peer: (req.socket as TLSSocket).getPeerCertificate()?.subject?.CN ?? null }), { requestCert: true });
after(() => server.close());

// The key is only in the provider's closure and, after a request, in the transport.
const keyLine = certs.clientKey.split("\n")[1]!;
const token = "planted-token-0123456789";
const credentialProvider: CredentialProvider = { getCredentials: async () => ({ token, clientCertificate: { cert: certs.clientCert, key: certs.clientKey } }) };

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: after a request, util.inspect of the client shows neither the client key nor the token`, async () => {
    await using client = await createClient({ configuration: server.configuration({ credentialProvider }), backend });
    assert.deepEqual(await (await client.request({ method: "GET", path: "/" })).json(), { peer: "test-user" });
    for (const options of [{ depth: Infinity }, { depth: Infinity, showHidden: true }, { depth: Infinity, showHidden: true, customInspect: false }]) {
      const printed = inspect(client, options);
      assert.ok(!printed.includes(keyLine), `the key shows with ${JSON.stringify(options)}`);
      assert.ok(!printed.includes(token), `the token shows with ${JSON.stringify(options)}`);
    }
  });
}
