// The shape checks of a configuration written by hand, of a request and of its headers: each
// refusal names its field with its exact message (never quoting a value that may be secret),
// and each accepted shape passes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexArgumentError } from "../../../runtime/index.js";
import { checkConfiguration } from "../../../runtime/client/check-configuration.js";
import { checkRequest, checkWebSocketRequest } from "../../../runtime/client/check-request.js";
import { headerValue, headerValueProblem, overrideHeaders, requestHeaders } from "../../../runtime/client/headers.js";
import type { ClientConfiguration } from "../../../runtime/configuration/types.js";

const refusedWith = (message: string) => (e: unknown) => {
  assert.ok(e instanceof KubexArgumentError, String(e));
  assert.equal(e.message, message);
  assert.equal(e.argument, message.slice(0, message.indexOf(": ")));
  return true;
};

const valid = { server: "https://k:6443", namespace: "default", tls: {} } as ClientConfiguration;
const configurations: [string, Record<string, unknown> | unknown, string][] = [
  ["not an object", null, "configuration: must be an object (a ClientConfiguration)"],
  ["an array", [], "configuration: must be an object (a ClientConfiguration)"],
  ["a server that is not a URL", { ...valid, server: "k:6443 secret" }, "configuration.server: accepts an https:// or http:// URL (the value is not shown: it may hold credentials)"],
  ["a server of another scheme", { ...valid, server: "ftp://k" }, "configuration.server: accepts an https:// or http:// URL (the value is not shown: it may hold credentials)"],
  ["a server that is no string", { ...valid, server: 6443 }, "configuration.server: accepts an https:// or http:// URL (the value is not shown: it may hold credentials)"],
  ["no namespace", { ...valid, namespace: undefined }, "configuration.namespace: accepts a string"],
  ["no tls", { ...valid, tls: undefined }, "configuration.tls: accepts an object ({} for the system's CAs and no client certificate)"],
  ["tls.ca not a string", { ...valid, tls: { ca: 1 } }, "configuration.tls.ca: accepts a string"],
  ["tls.serverName not a string", { ...valid, tls: { serverName: [] } }, "configuration.tls.serverName: accepts a string"],
  ["tls.insecureSkipVerify not a boolean", { ...valid, tls: { insecureSkipVerify: "true" } }, "configuration.tls.insecureSkipVerify: accepts a boolean"],
  ["a cert without its key", { ...valid, tls: { cert: "c" } }, "configuration.tls.key: is required with configuration.tls.cert"],
  ["a key without its cert", { ...valid, tls: { key: "k" } }, "configuration.tls.cert: is required with configuration.tls.key"],
  ["a token not a string", { ...valid, token: 5 }, "configuration.token: accepts a string"],
  ["a token with a newline", { ...valid, token: "a\nb" }, "configuration.token: contains a character a header value cannot carry (CR, LF, NUL, another control character except tab, or one above U+00FF)"],
  ["a username not a string", { ...valid, username: 5 }, "configuration.username: accepts a string"],
  ["a password not a string", { ...valid, password: 5 }, "configuration.password: accepts a string"],
  ["a provider without getCredentials", { ...valid, credentialProvider: {} }, "configuration.credentialProvider: accepts an object with a getCredentials(options) method"],
  ["a null provider", { ...valid, credentialProvider: null }, "configuration.credentialProvider: accepts an object with a getCredentials(options) method"],
  ["a proxy URL that does not parse", { ...valid, proxyUrl: "http//user:pw@proxy" }, "configuration.proxyUrl: accepts an http:// or https:// URL (the value is not shown: it may hold a password)"],
  ["a socks proxy", { ...valid, proxyUrl: "socks5://proxy:1080" }, "configuration.proxyUrl: accepts an http:// or https:// URL (the value is not shown: it may hold a password)"],
  ["impersonate not an object", { ...valid, impersonate: "admin" }, "configuration.impersonate: accepts an object {user?, uid?, groups?, extra?}"],
  ["an impersonated user with CR", { ...valid, impersonate: { user: "a\rb" } }, "configuration.impersonate.user: contains a character a header value cannot carry (CR, LF, NUL, another control character except tab, or one above U+00FF)"],
  ["an impersonated uid not a string", { ...valid, impersonate: { uid: 1 } }, "configuration.impersonate.uid: must be a string; got number"],
  ["groups not an array", { ...valid, impersonate: { groups: "g" } }, "configuration.impersonate.groups: accepts an array of strings"],
  ["a group that is null", { ...valid, impersonate: { groups: ["g", null] } }, "configuration.impersonate.groups[1]: must be a string; got null"],
  ["extra not an object", { ...valid, impersonate: { extra: [] } }, "configuration.impersonate.extra: accepts an object of string arrays"],
  ["an extra not an array", { ...valid, impersonate: { extra: { scopes: "s" } } }, "configuration.impersonate.extra.scopes: accepts an array of strings"],
  ["an extra value with NUL", { ...valid, impersonate: { extra: { scopes: ["a", "b\u0000"] } } }, "configuration.impersonate.extra.scopes[1]: contains a character a header value cannot carry (CR, LF, NUL, another control character except tab, or one above U+00FF)"],
];
for (const [label, configuration, message] of configurations) {
  test(`checkConfiguration refuses ${label}`, () => {
    assert.throws(() => checkConfiguration(configuration as ClientConfiguration), refusedWith(message));
  });
}

test("checkConfiguration accepts every field in its accepted shape", () => {
  assert.doesNotThrow(() => checkConfiguration(valid));
  assert.doesNotThrow(() => checkConfiguration({ ...valid, server: "http://127.0.0.1:8080" }));
  assert.doesNotThrow(() =>
    checkConfiguration({
      ...valid,
      tls: { ca: "ca", cert: "c", key: "k", serverName: "s", insecureSkipVerify: false },
      token: "t\tok",
      username: "u",
      password: "p",
      credentialProvider: { getCredentials: async () => ({}) },
      proxyUrl: "https://proxy:3128",
      impersonate: { user: "u", uid: "1", groups: ["a", "b"], extra: { scopes: ["x"], empty: [] } },
    } as ClientConfiguration),
  );
  assert.doesNotThrow(() => checkConfiguration({ ...valid, proxyUrl: "http://proxy:3128", impersonate: {} } as ClientConfiguration));
});

const request = { method: "GET", path: "/api/v1/pods" } as const;
const requests: [string, unknown, string][] = [
  ["not an object", "GET /api", "request: must be an object"],
  ["null", null, "request: must be an object"],
  ["an unknown method", { ...request, method: "get" }, 'method: accepts GET, POST, PUT, PATCH, DELETE; got "get"'],
  ["a relative path", { ...request, path: "api" }, "path: accepts an absolute API path starting with / without spaces, control characters, ? or #"],
  ["a path with a space", { ...request, path: "/a b" }, "path: accepts an absolute API path starting with / without spaces, control characters, ? or #"],
  ["a path with a query", { ...request, path: "/a?b" }, "path: accepts an absolute API path starting with / without spaces, control characters, ? or #"],
  ["a path with a fragment", { ...request, path: "/a#b" }, "path: accepts an absolute API path starting with / without spaces, control characters, ? or #"],
  ["a path with DEL", { ...request, path: "/a\u007f" }, "path: accepts an absolute API path starting with / without spaces, control characters, ? or #"],
  ["a path with a lone surrogate", { ...request, path: "/a\uD800" }, "path: accepts an absolute API path starting with / without spaces, control characters, ? or #"],
  ["a path that is no string", { ...request, path: 1 }, "path: accepts an absolute API path starting with / without spaces, control characters, ? or #"],
  ["a query that is not an array", { ...request, query: { a: "b" } }, "query: accepts an array of [name, value] pairs of well-formed strings (no lone UTF-16 surrogate)"],
  ["a query pair of three", { ...request, query: [["a", "b", "c"]] }, "query: accepts an array of [name, value] pairs of well-formed strings (no lone UTF-16 surrogate)"],
  ["a query value that is a number", { ...request, query: [["a", 1]] }, "query: accepts an array of [name, value] pairs of well-formed strings (no lone UTF-16 surrogate)"],
  ["a query name with a lone surrogate", { ...request, query: [["\uDC00", "v"]] }, "query: accepts an array of [name, value] pairs of well-formed strings (no lone UTF-16 surrogate)"],
  ["a query pair that is not an array", { ...request, query: ["a=b"] }, "query: accepts an array of [name, value] pairs of well-formed strings (no lone UTF-16 surrogate)"],
  ["a negative timeout", { ...request, timeout: -1 }, "requestTimeout: accepts a number of seconds from 0 to 2147483; got -1"],
  ["a signal that is not one", { ...request, signal: {} }, "signal: accepts an AbortSignal"],
  ["a body that is an object", { ...request, method: "POST", body: { a: 1 } }, "body: accepts a string or a Uint8Array; got an object"],
];
for (const [label, value, message] of requests) {
  test(`checkRequest refuses ${label}`, () => {
    assert.throws(() => checkRequest(value as never), refusedWith(message));
  });
}

test("checkRequest accepts each method, a string or byte body, a query, a timeout and a signal", () => {
  for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"] as const) assert.doesNotThrow(() => checkRequest({ method, path: "/" }));
  assert.doesNotThrow(() => checkRequest({ method: "POST", path: "/api/v1/namespaces/a%2Fb/pods", body: "{}", query: [["a", "b"], ["c", ""]], timeout: 0, signal: new AbortController().signal }));
  assert.doesNotThrow(() => checkRequest({ method: "PUT", path: "/x/\uD83D\uDE00", body: new Uint8Array(1), query: [] }));
});

test("checkWebSocketRequest: protocols must be a non-empty array of tokens; the common checks apply", () => {
  const ws = { path: "/api/v1/namespaces/n/pods/p/exec", protocols: ["v5.channel.k8s.io"] };
  assert.doesNotThrow(() => checkWebSocketRequest(ws as never));
  const message = "protocols: accepts a non-empty array of subprotocol names";
  for (const protocols of [undefined, [], ["a b"], [1], "v5.channel.k8s.io", ["ok", ""]]) {
    assert.throws(() => checkWebSocketRequest({ ...ws, protocols } as never), refusedWith(message), JSON.stringify(protocols));
  }
  assert.throws(() => checkWebSocketRequest(null as never), refusedWith("request: must be an object"));
  assert.throws(() => checkWebSocketRequest({ ...ws, path: "x" } as never), refusedWith("path: accepts an absolute API path starting with / without spaces, control characters, ? or #"));
});

test("header values: tab, visible ASCII, space and obs-text pass; controls, DEL and code points above U+00FF do not", () => {
  for (const ok of ["", "a b\tc", "~!", "\u0080\u00ff"]) assert.equal(headerValueProblem(ok), undefined, JSON.stringify(ok));
  for (const bad of ["a\nb", "a\u0000", "\u007f", "\u0100", "\u001f"]) assert.match(headerValueProblem(bad) ?? "", /^contains a character/, JSON.stringify(bad));
  assert.equal(headerValueProblem(undefined), "must be a string; got undefined");
  assert.equal(headerValueProblem(null), "must be a string; got null");
});

test("requestHeaders: names are tokens, lower-cased; values are checked by header name; not an object is refused", () => {
  assert.deepEqual(requestHeaders(undefined), []);
  assert.deepEqual(requestHeaders({ "X-A": "1", "x-b!": "2" }), [["x-a", "1"], ["x-b!", "2"]]);
  assert.throws(() => requestHeaders(null as never), refusedWith("headers: must be an object of header names to string values"));
  assert.throws(() => requestHeaders("a: b" as never), refusedWith("headers: must be an object of header names to string values"));
  assert.throws(() => requestHeaders({ "a b": "x" }), refusedWith("headers: a header name is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)"));
  assert.throws(() => requestHeaders({ "": "x" }), refusedWith("headers: a header name is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)"));
  assert.throws(() => requestHeaders({ A: "x\r\ny: z" }), refusedWith("headers.A: contains a character a header value cannot carry (CR, LF, NUL, another control character except tab, or one above U+00FF)"));
});

test("overrideHeaders replaces every pair of a name a later layer sets, in layer order; headerValue reads the first", () => {
  const base = [["accept", "a"], ["impersonate-group", "g1"], ["impersonate-group", "g2"], ["user-agent", "u"]] as const;
  const out = overrideHeaders(base, [["impersonate-group", "g3"]], [["accept", "b"], ["accept", "c"]]);
  assert.deepEqual(out, [["user-agent", "u"], ["impersonate-group", "g3"], ["accept", "b"], ["accept", "c"]]);
  assert.equal(headerValue(out, "accept"), "b");
  assert.equal(headerValue(out, "missing"), undefined);
  assert.deepEqual(overrideHeaders(base), base);
});
