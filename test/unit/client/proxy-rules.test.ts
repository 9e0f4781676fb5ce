// proxyFor and NO_PROXY rule by rule: an empty proxy-url or variable, upper case before lower
// case for each variable, the default port of each scheme, empty entries, bracketed IPv6 and
// CIDR bounds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { excludedByNoProxy, proxyFor } from "../../../runtime/client/proxy.js";

const https = new URL("https://api.example.corp:6443");
const http = new URL("http://10.1.2.3:8080");

test("an empty kubeconfig proxy-url does not hide options.proxy", () => {
  assert.equal(proxyFor(https, { proxy: "http://opt:1" }, "", {}), "http://opt:1");
  assert.equal(proxyFor(https, {}, undefined, { HTTPS_PROXY: "http://env:1" }), undefined);
});

test("HTTP_PROXY before http_proxy; an empty variable means no proxy; NO_PROXY before no_proxy", () => {
  assert.equal(proxyFor(http, { trustEnv: true }, undefined, { HTTP_PROXY: "http://H:1", http_proxy: "http://h:1", HTTPS_PROXY: "http://s:1" }), "http://H:1");
  assert.equal(proxyFor(https, { trustEnv: true }, undefined, { HTTP_PROXY: "http://H:1" }), undefined);
  assert.equal(proxyFor(https, { trustEnv: true }, undefined, { HTTPS_PROXY: "" }), undefined);
  assert.equal(proxyFor(https, { trustEnv: true }, undefined, { HTTPS_PROXY: "http://p:1", NO_PROXY: "other.corp", no_proxy: "example.corp" }), "http://p:1");
  assert.equal(proxyFor(https, { trustEnv: true }, undefined, { HTTPS_PROXY: "http://p:1", NO_PROXY: "" }), "http://p:1");
  assert.equal(proxyFor(https, { trustEnv: true }, undefined, { HTTPS_PROXY: "http://p:1" }), "http://p:1");
});

const table: [string, string, boolean][] = [
  ["https://k", "k:443", true],
  ["https://k", "k:80", false],
  ["http://k", "k:80", true],
  ["http://k", "k:443", false],
  ["https://k.corp.", "a,,b", false],
  ["https://k.corp.", " , ", false],
  ["https://k", "a, *", true],
  ["https://k", "x*", false],
  ["https://[::1]", "[::1]", true],
  ["https://[::1]", "[::1]:443", true],
  ["https://[::2]:6443", "[::1]:6443", false],
  ["https://[fe80::1]", "fe80::1", false],
  ["https://api.example.corp", "10.0.0.0/8", false],
  ["http://10.1.2.3", "/8", false],
  ["http://10.1.2.3", "x10.0.0.0/8", false],
  ["http://10.1.2.3", "10.0.0.0x/8", false],
  ["http://10.1.2.3", "10.0.0/8", false],
  ["http://10.1.2.3", "10.1.2.3/32", true],
  ["http://10.1.2.4", "10.1.2.3/32", false],
  ["http://10.1.2.3", "10.1.2.2/31", true],
  ["http://10.1.2.4", "10.1.2.2/31", false],
  ["http://192.168.7.9", "192.168.0.0/16", true],
  ["http://192.169.0.1", "192.168.0.0/16", false],
  ["http://11.0.0.1", "10.0.0.0/7", true],
  ["http://12.0.0.1", "10.0.0.0/7", false],
  ["http://10.1.2.3", "10.1.2.3/24:80", true],
  ["https://example.corp", ".example.corp", true],
  ["https://xexample.corp", "example.corp", false],
  ["https://a.b.example.corp", "*.example.corp", true],
  ["https://example.corp", "**.example.corp", false],
  // A CIDR holds IPv4 addresses only: /0 matches every address, never a name or an IPv6 address.
  ["http://10.1.2.3", "0.0.0.0/0", true],
  ["https://kube.example", "0.0.0.0/0", false],
  ["https://1.2.3.4.example", "0.0.0.0/0", false],
  ["https://[::1]:6443", "0.0.0.0/0", false],
  // A base that is not four numbers is never a CIDR, even one that would match every address.
  ["http://10.1.2.3", "x1.2.3.4/0", false],
  ["http://10.1.2.3", "1.2.3.4.5/0", false],
  ["http://10.1.2.3", "/0", false],
  // Octets of more than one digit, in every place.
  ["http://10.20.30.40", "10.20.30.40/32", true],
  ["http://10.20.30.41", "10.20.30.40/32", false],
];

for (const [server, noProxy, excluded] of table) {
  test(`NO_PROXY ${JSON.stringify(noProxy)} ${excluded ? "excludes" : "does not exclude"} ${server}`, () => {
    assert.equal(excludedByNoProxy(new URL(server), noProxy), excluded);
  });
}
