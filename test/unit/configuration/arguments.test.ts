// What the loaders and providers accept is checked where it comes in, with typed
// errors that name the argument or field and never quote a secret.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ExecCredentialProvider, KubexArgumentError, KubexAuthenticationError, KubexConfigurationError, loadConfiguration, loadInCluster, loadKubeconfig, OidcProvider, TokenFileProvider,
} from "../../../runtime/index.js";

const d = mkdtempSync(join(tmpdir(), "kubex-args-"));

test("values that become request headers refuse control characters, naming the field but not the value", () => {
  const cases: [user: string, field: string][] = [
    [String.raw`{ token: "tok\nen-secret" }`, "token"],
    [String.raw`{ token: "tok\u0000en-secret" }`, "token"],
    [String.raw`{ as: "jane\u0000system:admin" }`, "as"],
    [String.raw`{ as-uid: "1\n2" }`, "as-uid"],
    [String.raw`{ as-groups: [dev, "ops\r\nX-Evil: 1"] }`, "as-groups[1]"],
    [String.raw`{ as-user-extra: { "sco\npes": [a] } }`, "as-user-extra"],
    [String.raw`{ as-user-extra: { scopes: ["a\u007f"] } }`, "as-user-extra.scopes[0]"],
  ];
  for (const [user, field] of cases) {
    const path = join(d, "headers");
    writeFileSync(path, `current-context: x\nclusters: [{name: c, cluster: {server: "https://a"}}]\nusers: [{name: u, user: ${user}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n`);
    assert.throws(() => loadKubeconfig({ path }), (e: Error) => {
      assert.ok(e instanceof KubexConfigurationError, e.message);
      assert.equal(e.message, `kubeconfig ${path}: user "u": \`${field}\` holds a control character, which no HTTP header may carry`);
      return true;
    }, user);
  }
  // A tab is allowed in a header value, and so is any printable text.
  const ok = join(d, "headers-ok");
  writeFileSync(ok, `current-context: x\nclusters: [{name: c, cluster: {server: "https://a"}}]\nusers: [{name: u, user: {token: "a\\tb é"}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n`);
  assert.equal(loadKubeconfig({ path: ok }).token, "a\tb é");
});

test("in-cluster: a service port that is not a port number is refused naming the variable", () => {
  const sa = mkdtempSync(join(tmpdir(), "kubex-sa-"));
  writeFileSync(join(sa, "token"), "t");
  writeFileSync(join(sa, "ca.crt"), "CA");
  for (const port of ["https", "0", "65536", "443x", " 443"]) {
    assert.throws(() => loadInCluster({ dir: sa, env: { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: port } }), (e: Error) =>
      e instanceof KubexConfigurationError && e.message === "in-cluster: KUBERNETES_SERVICE_PORT must be a port number (1-65535)", port);
  }
  assert.equal(loadInCluster({ dir: sa, env: { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "6443" } }).server, "https://10.0.0.1:6443");
});

test("oidc: an idp-issuer-url that is not an http(s) URL is refused when the provider is built, not at the first request", () => {
  for (const issuerUrl of ["not a url", "ftp://idp", "idp.example.com"]) {
    assert.throws(() => new OidcProvider({ clientId: "k", issuerUrl }), (e: Error) =>
      e instanceof KubexConfigurationError && e.message === "oidc auth-provider: idp-issuer-url must be an http or https URL", issuerUrl);
  }
});

test("loader options of the wrong type are KubexArgumentError naming the option", () => {
  const cases: [() => unknown, string][] = [
    [() => loadKubeconfig({ path: 42 as unknown as string }), "options.path"],
    [() => loadKubeconfig({ path: "" }), "options.path"],
    [() => loadKubeconfig({ context: ["a"] as unknown as string }), "options.context"],
    [() => loadKubeconfig({ env: "KUBECONFIG=x" as unknown as Record<string, string> }), "options.env"],
    [() => loadKubeconfig(null as unknown as object), "options"],
    [() => loadInCluster({ dir: 1 as unknown as string }), "options.dir"],
    [() => loadConfiguration({ serviceAccountDir: false as unknown as string }), "options.serviceAccountDir"],
  ];
  for (const [call, argument] of cases) {
    assert.throws(call, (e: Error) => e instanceof KubexArgumentError && e.argument === argument, argument);
  }
});

test("credentials a provider reads or receives refuse control characters before any header is built, without quoting them", async () => {
  const tokenPath = join(d, "crlf-token");
  writeFileSync(tokenPath, "good\r\nImpersonate-User: admin\n");
  await assert.rejects(new TokenFileProvider(tokenPath, 0).getCredentials({ forceRefresh: false }), (e: Error) =>
    e instanceof KubexAuthenticationError && e.message === `token file ${tokenPath} holds a control character, which no HTTP header may carry`);
  const script = join(d, "crlf-plugin.sh");
  writeFileSync(script, `#!/bin/sh\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"a\\\\u0000b"}}'\n`);
  chmodSync(script, 0o755);
  await assert.rejects(new ExecCredentialProvider({ command: script }, d, undefined).getCredentials({ forceRefresh: false }), (e: Error) =>
    e instanceof KubexAuthenticationError && e.message.endsWith('crlf-plugin.sh": status.token holds a control character, which no HTTP header may carry'));
  assert.throws(() => new OidcProvider({ clientId: "k", issuerUrl: "https://idp", idToken: "a\nb" }), (e: Error) =>
    e instanceof KubexConfigurationError && e.message === "oidc auth-provider: id-token holds a control character, which no HTTP header may carry");
  const issuer = createServer((req, res) => {
    const base = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
    if (req.url === "/.well-known/openid-configuration") return void res.end(JSON.stringify({ token_endpoint: `${base}/token` }));
    res.end(JSON.stringify({ id_token: "new\r\nX-Evil: 1" }));
  });
  await new Promise<void>((r) => issuer.listen(0, "127.0.0.1", r));
  try {
    const oidc = new OidcProvider({ clientId: "k", issuerUrl: `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`, refreshToken: "r" });
    await assert.rejects(oidc.getCredentials({ forceRefresh: false }), (e: Error) =>
      e instanceof KubexAuthenticationError && /failed: the id_token holds a control character, which no HTTP header may carry$/.test(e.message) && !e.message.includes("X-Evil"));
  } finally {
    issuer.close();
  }
});
