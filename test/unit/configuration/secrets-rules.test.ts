// Exactly what a redacted value prints as: which keys are hidden, how URLs lose their userinfo, how
// impersonation extras keep their keys only, how class instances inside are shown, and what a sanitized
// cause keeps. The broad "no secret anywhere" sweeps live in secrets.test.ts; these pin the shapes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { redactUrl } from "../../../runtime/index.js";
import { blankOut, describeSafely, sanitizedCause, withRedaction } from "../../../runtime/configuration/secrets.js";

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

test("every secret key prints as [redacted], at any depth; other keys and undefined secrets print as they are", () => {
  const value = withRedaction({
    token: "t", password: "p", key: "k", clientKey: "ck", refreshToken: "rt", idToken: "it", clientSecret: "cs",
    username: "admin", namespace: "default", count: 3, flag: false, none: null,
    tls: { ca: "CA", key: "pem", nested: { token: "deep" } },
    list: [{ password: "in-list" }, "plain", 1],
  });
  assert.deepEqual(json(value), {
    token: "[redacted]", password: "[redacted]", key: "[redacted]", clientKey: "[redacted]", refreshToken: "[redacted]", idToken: "[redacted]", clientSecret: "[redacted]",
    username: "admin", namespace: "default", count: 3, flag: false, none: null,
    tls: { ca: "CA", key: "[redacted]", nested: { token: "[redacted]" } },
    list: [{ password: "[redacted]" }, "plain", 1],
  });
  assert.deepEqual(json(value.tls), { ca: "CA", key: "[redacted]", nested: { token: "[redacted]" } }, "a part printed alone is redacted too");
  assert.deepEqual(json(value.tls.nested), { token: "[redacted]" });
  assert.equal(inspect(withRedaction({ token: undefined, password: "" })), inspect({ token: undefined, password: "[redacted]" }));
  assert.equal(value.token, "t", "the values stay readable");
  assert.deepEqual(Object.keys(value).includes("toJSON"), false, "the hooks are not enumerable");
});

test("server and proxy URLs print without user name or password; other URL-looking fields are left alone", () => {
  const value = withRedaction({ server: "https://user:pass@api:6443/prefix", proxyUrl: "http://proxy-user@proxy:3128", other: "http://keep:this@x/" });
  assert.deepEqual(json(value), { server: "https://redacted:redacted@api:6443/prefix", proxyUrl: "http://redacted@proxy:3128/", other: "http://keep:this@x/" });
  assert.deepEqual(json(withRedaction({ server: "https://api:6443" })), { server: "https://api:6443/" });
  assert.deepEqual(json(withRedaction({ proxyUrl: "http://:only-password@proxy:1" })), { proxyUrl: "http://:redacted@proxy:1/" });
  assert.deepEqual(json(withRedaction({ proxyUrl: "not a url //user:pw@host" })), { proxyUrl: "not a url //redacted@host" });
  assert.deepEqual(json(withRedaction({ server: 42 as unknown as string })), { server: 42 });
});

test("impersonation extras print by key only, printed whole or alone; a null extra prints as null", () => {
  const value = withRedaction({ impersonate: { user: "jane", extra: { reason: ["secret-reason"], scopes: ["a", "b"] } } });
  assert.deepEqual(json(value), { impersonate: { user: "jane", extra: { reason: ["[redacted]"], scopes: ["[redacted]"] } } });
  assert.deepEqual(json(value.impersonate.extra), { reason: ["[redacted]"], scopes: ["[redacted]"] });
  assert.deepEqual(json(withRedaction({ extra: null })), { extra: null });
  assert.deepEqual(json(withRedaction({ extra: "text" })), { extra: "text" });
});

test("a class instance inside prints through its own toJSON, else as its class name; an object without prototype as [object]", () => {
  class Described {
    secret = "hidden";
    toJSON() {
      return { described: true };
    }
  }
  class Opaque {
    secret = "hidden";
  }
  const bare = Object.assign(Object.create(null) as object, { secret: "hidden" });
  const when = new Date("2100-01-01T00:00:00Z");
  assert.deepEqual(json(withRedaction({ a: new Described(), b: new Opaque(), c: bare, when })), { a: { described: true }, b: "[Opaque]", c: "[object]", when: "2100-01-01T00:00:00.000Z" });
  assert.equal(inspect(withRedaction({ b: new Opaque() })), inspect({ b: "[Opaque]" }));
});

test("describeSafely: a provider prints as its class name and summary only, through JSON and inspect", () => {
  class SomeProvider {
    readonly secret = "hidden";
    constructor() {
      describeSafely(this, () => ({ path: "/token" }));
    }
  }
  const p = new SomeProvider();
  assert.deepEqual(json(p), { provider: "SomeProvider", path: "/token" });
  assert.equal(inspect(p), inspect({ provider: "SomeProvider", path: "/token" }));
  assert.deepEqual(Object.keys(p), ["secret"], "the hooks are not enumerable");
});

test("redactUrl replaces the password and keeps the user name; an unparsable URL loses its whole userinfo", () => {
  assert.equal(redactUrl("http://admin:hunter2@proxy.internal:3128"), "http://admin:redacted@proxy.internal:3128/");
  assert.equal(redactUrl("http://admin@proxy.internal:3128"), "http://admin@proxy.internal:3128/");
  assert.equal(redactUrl("socks5://proxy:1080"), "socks5://proxy:1080");
  assert.equal(redactUrl("http://admin:hunter2@[bad"), "http://redacted@[bad");
  assert.equal(redactUrl("::: no url"), "::: no url");
});

test("sanitizedCause keeps name, code, errno and the syscall's first word only", () => {
  const spawnError = Object.assign(new Error("spawn /bin/login --password=arg-secret ENOENT"), { code: "ENOENT", errno: -2, syscall: "spawn /bin/login", path: "/bin/login", spawnargs: ["--password=arg-secret"] });
  const cause = sanitizedCause(spawnError);
  assert.equal(cause.message, "spawn ENOENT");
  assert.equal(cause.name, "Error");
  assert.deepEqual({ ...cause }, { name: "Error", code: "ENOENT", errno: -2, syscall: "spawn" });
  const typed = sanitizedCause(Object.assign(new TypeError("Invalid URL: http://user:pw@x"), { code: "ERR_INVALID_URL", input: "http://user:pw@x" }));
  assert.equal(typed.message, "ERR_INVALID_URL");
  assert.equal(typed.name, "TypeError");
  assert.deepEqual({ ...typed }, { name: "TypeError", code: "ERR_INVALID_URL" });
  for (const odd of [undefined, null, "text", 42, { code: 5, errno: "x", syscall: 3, name: 7 }]) {
    const plain = sanitizedCause(odd);
    assert.equal(plain.message, "failed", String(odd));
    assert.equal(plain.name, "Error");
    assert.deepEqual({ ...plain }, { name: "Error" });
  }
  assert.equal(sanitizedCause({ syscall: "open" }).message, "open");
});

test("blankOut replaces each secret of three characters or more, the longest first", () => {
  assert.equal(blankOut("token abcdef and abc", ["abc", "abcdef"]), "token [redacted] and [redacted]");
  assert.equal(blankOut("ab and abc", ["ab", "abc"]), "ab and [redacted]");
  assert.equal(blankOut("x-x-x", ["x-x"]), "[redacted]-x");
  assert.equal(blankOut("nothing here", []), "nothing here");
  const secrets = ["abc", "abcdef"];
  blankOut("abc", secrets);
  assert.deepEqual(secrets, ["abc", "abcdef"], "the caller's list is left as it was");
});

test("the printing hooks are neither enumerable (symbol included) nor fixed: a part redacted already can be redacted again inside another value", () => {
  class SomeProvider {
    constructor() {
      describeSafely(this, () => ({}));
    }
  }
  const custom = Symbol.for("nodejs.util.inspect.custom");
  const p = new SomeProvider();
  assert.equal(Object.prototype.propertyIsEnumerable.call(p, custom), false);
  assert.equal(Object.prototype.propertyIsEnumerable.call(p, "toJSON"), false);
  const tls = withRedaction({ key: "k" });
  assert.equal(Object.prototype.propertyIsEnumerable.call(tls, custom), false);
  const again = withRedaction({ token: "t", tls });
  assert.deepEqual(json(again), { token: "[redacted]", tls: { key: "[redacted]" } });
  assert.deepEqual(json(withRedaction(again)), { token: "[redacted]", tls: { key: "[redacted]" } });
});
