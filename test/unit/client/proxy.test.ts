// Which proxy a client uses: kubeconfig proxy-url, then options.proxy, then (trustEnv) the environment minus NO_PROXY.
import { test } from "node:test";
import assert from "node:assert/strict";
import { excludedByNoProxy, proxyFor } from "../../../runtime/client/proxy.js";

const https = new URL("https://api.example.corp:6443");
const http = new URL("http://10.1.2.3:8080");

test("the kubeconfig proxy-url wins over options.proxy and the environment, as in kubectl", () => {
  assert.equal(proxyFor(https, { proxy: "http://opt:1", trustEnv: true }, "http://kubeconfig:1", { HTTPS_PROXY: "http://env:1" }), "http://kubeconfig:1");
});

test("options.proxy: one URL for both schemes, or the entry of the server's scheme", () => {
  assert.equal(proxyFor(https, { proxy: "http://one:1" }, undefined, {}), "http://one:1");
  assert.equal(proxyFor(https, { proxy: { http: "http://h:1", https: "http://s:1" } }, undefined, {}), "http://s:1");
  assert.equal(proxyFor(http, { proxy: { http: "http://h:1", https: "http://s:1" } }, undefined, {}), "http://h:1");
  assert.equal(proxyFor(http, { proxy: { https: "http://s:1" } }, undefined, {}), undefined);
  // An explicit proxy map is used as given: the environment does not fill its gaps.
  assert.equal(proxyFor(http, { proxy: { https: "http://s:1" }, trustEnv: true }, undefined, { HTTP_PROXY: "http://env:1" }), undefined);
});

test("trustEnv reads HTTPS_PROXY / HTTP_PROXY by scheme, uppercase before lowercase; nothing without trustEnv", () => {
  const env = { HTTPS_PROXY: "http://S:1", https_proxy: "http://s:1", http_proxy: "http://h:1" };
  assert.equal(proxyFor(https, { trustEnv: true }, undefined, env), "http://S:1");
  assert.equal(proxyFor(https, { trustEnv: true }, undefined, { https_proxy: "http://s:1" }), "http://s:1");
  assert.equal(proxyFor(http, { trustEnv: true }, undefined, env), "http://h:1");
  assert.equal(proxyFor(https, { trustEnv: false }, undefined, env), undefined);
  assert.equal(proxyFor(https, {}, undefined, env), undefined);
});

test("NO_PROXY (or no_proxy) keeps matching servers off the proxy", () => {
  assert.equal(proxyFor(https, { trustEnv: true }, undefined, { HTTPS_PROXY: "http://p:1", NO_PROXY: "localhost,.corp" }), undefined);
  assert.equal(proxyFor(https, { trustEnv: true }, undefined, { HTTPS_PROXY: "http://p:1", no_proxy: "example.corp" }), undefined);
  assert.equal(proxyFor(https, { trustEnv: true }, undefined, { HTTPS_PROXY: "http://p:1", NO_PROXY: "other.corp" }), "http://p:1");
});

const noProxyTable: [URL, string, boolean][] = [
  [https, "*", true],
  [https, "", false],
  [https, "example.corp", true],
  [https, ".example.corp", true],
  [https, "*.corp", true],
  [https, "corp", true],
  [https, "ample.corp", false],
  [https, "api.example.corp:6443", true],
  [https, "api.example.corp:443", false],
  [https, " other , API.EXAMPLE.CORP ", true],
  [http, "10.0.0.0/8", true],
  [http, "10.1.2.0/24", true],
  [http, "10.1.3.0/24", false],
  [http, "0.0.0.0/0", true],
  [http, "10.1.2.3", true],
  [http, "10.1.2.3:80", false],
  [new URL("https://[::1]:6443"), "[::1]:6443", true],
  [new URL("https://[::1]:6443"), "[::1]:443", false],
];

for (const [server, noProxy, excluded] of noProxyTable) {
  test(`NO_PROXY ${JSON.stringify(noProxy)} ${excluded ? "excludes" : "does not exclude"} ${server.host}`, () => {
    assert.equal(excludedByNoProxy(server, noProxy), excluded);
  });
}
