// The small pieces the loaders and providers share: the loader options check, the choice between a
// kubeconfig and the in-cluster configuration, a caller leaving a shared credential run on its
// signal, and which characters no header value may hold.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { KubexArgumentError, KubexClientError, KubexConfigurationError, KubexTimeoutError, loadConfiguration, TokenFileProvider } from "../../../runtime/index.js";
import { abortable } from "../../../runtime/configuration/abortable.js";
import { hasControlCharacter } from "../../../runtime/configuration/header-value.js";
import { checkLoaderOptions } from "../../../runtime/configuration/loader-options.js";

function argumentRefused(run: () => unknown, argument: string, message: string): void {
  assert.throws(run, (e: Error) => {
    assert.ok(e instanceof KubexArgumentError, String(e));
    assert.equal(e.argument, argument);
    assert.equal(e.message, `${argument}: ${message}`);
    return true;
  });
}

test("checkLoaderOptions: an object; env an object of variables; a string field a string; a path field a non-empty string; undefined fields skipped", () => {
  const fields = { path: "path", context: "string", env: "env" } as const;
  for (const options of [null, [], "x", 5, undefined, true]) argumentRefused(() => checkLoaderOptions(options, fields), "options", "must be an object");
  for (const env of [null, [], "KUBECONFIG=x", 5]) argumentRefused(() => checkLoaderOptions({ env }, fields), "options.env", "must be an object of environment variables");
  for (const value of [null, 5, true, {}, []]) {
    argumentRefused(() => checkLoaderOptions({ path: value }, fields), "options.path", "must be a string");
    argumentRefused(() => checkLoaderOptions({ context: value }, fields), "options.context", "must be a string");
  }
  argumentRefused(() => checkLoaderOptions({ path: "" }, fields), "options.path", "must not be empty");
  checkLoaderOptions({ context: "", path: "p", env: {}, other: 5 }, fields);
  checkLoaderOptions({ path: undefined, context: undefined, env: undefined }, fields);
  checkLoaderOptions({}, {});
  // The first field in the table that is wrong is the one named.
  argumentRefused(() => checkLoaderOptions({ path: 1, env: 1 }, fields), "options.path", "must be a string");
  argumentRefused(() => checkLoaderOptions({ env: "x", path: 1 }, { env: "env", path: "path" }), "options.env", "must be an object of environment variables");
});

const root = mkdtempSync(join(tmpdir(), "kubex-loader-rules-"));
let n = 0;
const fresh = () => {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir);
  return dir;
};
const pod = { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" };

test("loadConfiguration: a kubeconfig of the KUBECONFIG list or HOME wins; in a pod without one the service account; else the kubeconfig error", () => {
  const sa = fresh();
  writeFileSync(join(sa, "token"), "t");
  writeFileSync(join(sa, "ca.crt"), "CA");
  const home = fresh();
  const kubeconfig = join(fresh(), "config");
  writeFileSync(kubeconfig, `current-context: x\nclusters: [{ name: c, cluster: { server: "https://from-kubeconfig" } }]\ncontexts: [{ name: x, context: { cluster: c, namespace: ns } }]\n`);
  const inPod = loadConfiguration({ env: { ...pod, HOME: home }, serviceAccountDir: sa });
  assert.equal(inPod.server, "https://10.0.0.1:443");
  assert.ok(inPod.credentialProvider instanceof TokenFileProvider);
  assert.equal(inPod.credentialProvider.path, join(sa, "token"));
  // Any existing file of the list counts, not only the first.
  const list = `${join(home, "absent")}${delimiter}${kubeconfig}`;
  assert.equal(loadConfiguration({ env: { ...pod, HOME: home, KUBECONFIG: list }, serviceAccountDir: sa }).server, "https://from-kubeconfig");
  mkdirSync(join(home, ".kube"));
  writeFileSync(join(home, ".kube", "config"), `current-context: x\nclusters: [{ name: c, cluster: { server: "https://from-home" } }]\ncontexts: [{ name: x, context: { cluster: c } }]\n`);
  assert.equal(loadConfiguration({ env: { ...pod, HOME: home }, serviceAccountDir: sa }).server, "https://from-home");
  const empty = fresh();
  assert.throws(() => loadConfiguration({ env: { HOME: empty }, serviceAccountDir: sa }), (e: Error) => e instanceof KubexConfigurationError && e.message === `no kubeconfig found (looked in ${join(empty, ".kube", "config")})`);
  // Without serviceAccountDir, the pod's own mount, which this machine does not have.
  assert.throws(() => loadConfiguration({ env: { ...pod, HOME: empty } }), (e: Error) => e instanceof KubexConfigurationError && e.message.startsWith("no kubeconfig found"));
  argumentRefused(() => loadConfiguration({ serviceAccountDir: "" }), "options.serviceAccountDir", "must not be empty");
  argumentRefused(() => loadConfiguration({ env: "x" as never }), "options.env", "must be an object of environment variables");
  argumentRefused(() => loadConfiguration(null as never), "options", "must be an object");
});

test("loadConfiguration reads process.env when no env is given", () => {
  const saved = process.env.KUBECONFIG;
  const kubeconfig = join(fresh(), "config");
  writeFileSync(kubeconfig, `current-context: x\nclusters: [{ name: c, cluster: { server: "https://from-process-env" } }]\ncontexts: [{ name: x, context: { cluster: c } }]\n`);
  try {
    process.env.KUBECONFIG = kubeconfig;
    assert.equal(loadConfiguration().server, "https://from-process-env");
    assert.equal(loadConfiguration({ serviceAccountDir: fresh() }).server, "https://from-process-env");
  } finally {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  }
});

/** A signal that records its listeners, to see each one removed once the wait ends. */
function recordingSignal(): { signal: AbortSignal; added: unknown[][]; removed: unknown[][]; fire: (reason: unknown) => void } {
  const added: unknown[][] = [];
  const removed: unknown[][] = [];
  let listener: (() => void) | undefined;
  const fake = {
    aborted: false,
    reason: undefined as unknown,
    addEventListener: (...args: unknown[]) => {
      added.push(args);
      listener = args[1] as () => void;
    },
    removeEventListener: (...args: unknown[]) => removed.push(args),
  };
  return {
    signal: fake as unknown as AbortSignal,
    added,
    removed,
    fire: (reason) => {
      fake.aborted = true;
      fake.reason = reason;
      listener?.();
    },
  };
}

test("abortable: without a signal the shared promise itself; a signal that fires while waiting ends the wait with a typed error, the run goes on", async () => {
  const shared = Promise.resolve(1);
  assert.equal(abortable(shared, undefined, "plugin"), shared);

  let finish!: (value: string) => void;
  const run = new Promise<string>((resolve) => (finish = resolve));
  const timeout = recordingSignal();
  const waiting = abortable(run, timeout.signal, 'exec plugin "a"');
  assert.equal(timeout.added.length, 1);
  assert.equal(timeout.added[0]![0], "abort");
  assert.deepEqual(timeout.added[0]![2], { once: true });
  const reason = new DOMException("late", "TimeoutError");
  timeout.fire(reason);
  await assert.rejects(waiting, (e: Error) => {
    assert.ok(e instanceof KubexTimeoutError, String(e));
    assert.equal(e.message, 'exec plugin "a": the request timed out while waiting for credentials');
    assert.equal(e.cause, reason);
    return true;
  });
  const abort = recordingSignal();
  const leaving = abortable(run, abort.signal, "oidc");
  const why = new Error("user cancelled");
  abort.fire(why);
  await assert.rejects(leaving, (e: Error) => {
    assert.ok(e instanceof KubexClientError && !(e instanceof KubexTimeoutError), String(e));
    assert.equal(e.message, "oidc: the request was aborted while waiting for credentials");
    assert.equal(e.cause, why);
    return true;
  });
  finish("token");
  assert.equal(await run, "token", "the shared run is not cancelled");
});

test("abortable: the shared result or failure reaches the caller and its listener is removed", async () => {
  const ok = recordingSignal();
  assert.equal(await abortable(Promise.resolve("v"), ok.signal, "x"), "v");
  assert.equal(ok.removed.length, 1);
  assert.equal(ok.removed[0]![0], "abort");
  assert.equal(ok.removed[0]![1], ok.added[0]![1]);
  const failing = recordingSignal();
  const failure = new Error("plugin failed");
  await assert.rejects(abortable(Promise.reject(failure), failing.signal, "x"), (e: unknown) => e === failure);
  assert.equal(failing.removed.length, 1);
  assert.equal(failing.removed[0]![0], "abort");
  assert.equal(failing.removed[0]![1], failing.added[0]![1]);
});

test("abortable: a signal that has already fired is refused at once, by its reason's kind, and the shared run's later failure is handled", async () => {
  let fail!: (error: Error) => void;
  const run = new Promise<string>((_, reject) => (fail = reject));
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    await assert.rejects(abortable(run, AbortSignal.abort(), "p"), (e: Error) => e instanceof KubexClientError && !(e instanceof KubexTimeoutError) && e.message === "p: the request was aborted while waiting for credentials");
    await assert.rejects(abortable(run, AbortSignal.abort(new DOMException("t", "TimeoutError")), "p"), (e: Error) => e instanceof KubexTimeoutError && e.message === "p: the request timed out while waiting for credentials");
    await assert.rejects(abortable(run, AbortSignal.abort("a string reason"), "p"), (e: Error) => e instanceof KubexClientError && !(e instanceof KubexTimeoutError) && e.cause === "a string reason");
    await assert.rejects(abortable(run, AbortSignal.abort(null), "p"), (e: Error) => e instanceof KubexClientError && !(e instanceof KubexTimeoutError) && e.cause === null);
    fail(new Error("nobody waits"));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
});

test("hasControlCharacter: every C0 control but tab, and DEL; nothing else", () => {
  for (let code = 0; code <= 0x1f; code++) assert.equal(hasControlCharacter(`a${String.fromCharCode(code)}b`), code !== 0x09, `U+${code.toString(16)}`);
  assert.equal(hasControlCharacter("\u007f"), true);
  for (const text of ["", " ", "~", "\u0080", "\u00a0", "é", "tok-en_1.2/3+4="]) assert.equal(hasControlCharacter(text), false, JSON.stringify(text));
});
