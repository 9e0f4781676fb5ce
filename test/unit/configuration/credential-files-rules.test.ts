// Credentials read from files, rule by rule, on a clock the test sets: a token file re-read when it
// changes (checked at most once per interval, at once on forceRefresh), a certificate pair re-read
// when either file changes, several providers presented together, and the in-cluster loader's
// environment, files and defaults, each refusal with its exact message.
import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { isInCluster, KubexAuthenticationError, KubexConfigurationError, loadInCluster, serviceAccountDir, TokenFileProvider } from "../../../runtime/index.js";
import { CertificateFilesProvider, CombinedProvider } from "../../../runtime/configuration/certificate-files.js";
import type { CredentialProvider, Credentials } from "../../../runtime/configuration/types.js";

const root = mkdtempSync(join(tmpdir(), "kubex-credential-files-"));
let n = 0;
const fresh = () => {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir);
  return dir;
};

/** Writes a file with a given modification time (seconds), so a change is seen whatever the file system's clock resolution. */
function put(path: string, text: string, mtime: number): void {
  writeFileSync(path, text);
  utimesSync(path, mtime, mtime);
}

/** Runs with Date.now() under the test's control (timers are left alone: file reads still complete). */
async function onClock(run: (tick: (ms: number) => void) => Promise<void>): Promise<void> {
  mock.timers.enable({ apis: ["Date"], now: 1_000_000 });
  try {
    await run((ms) => mock.timers.tick(ms));
  } finally {
    mock.timers.reset();
  }
}

async function rejectsWith(promise: Promise<unknown>, message: string): Promise<Error> {
  let caught: Error | undefined;
  await assert.rejects(promise, (e: Error) => {
    assert.ok(e instanceof KubexAuthenticationError, String(e));
    assert.equal(e.message, message);
    caught = e;
    return true;
  });
  return caught!;
}

test("token file: trimmed, cached for 5 s by default; a change is read at exactly 5 s, or at once on forceRefresh", async () => {
  const path = join(fresh(), "token");
  put(path, "  first\n", 100);
  await onClock(async (tick) => {
    const p = new TokenFileProvider(path);
    assert.deepEqual({ ...(await p.getCredentials({ forceRefresh: false })) }, { token: "first" });
    put(path, "second", 200);
    tick(4_999);
    assert.equal((await p.getCredentials({ forceRefresh: false })).token, "first", "within the interval: not checked");
    assert.equal((await p.getCredentials({ forceRefresh: true })).token, "second", "forceRefresh reads at once");
    put(path, "third", 300);
    tick(4_999);
    assert.equal((await p.getCredentials({ forceRefresh: false })).token, "second", "forceRefresh restarted the interval");
    tick(1);
    assert.equal((await p.getCredentials({ forceRefresh: false })).token, "third", "at exactly the interval: checked");
  });
});

test("token file: the first call reads the file whatever the clock says", async () => {
  const path = join(fresh(), "token");
  put(path, "early", 100);
  mock.timers.enable({ apis: ["Date"], now: 0 });
  try {
    assert.equal((await new TokenFileProvider(path).getCredentials({ forceRefresh: false })).token, "early");
  } finally {
    mock.timers.reset();
  }
});

test("token file: re-read only when its modification time changes; forceRefresh reads it whatever the time", async () => {
  const path = join(fresh(), "token");
  put(path, "one", 100);
  const p = new TokenFileProvider(path, 0);
  assert.equal((await p.getCredentials({ forceRefresh: false })).token, "one");
  put(path, "two", 100);
  assert.equal((await p.getCredentials({ forceRefresh: false })).token, "one", "same time: the cached token");
  assert.equal((await p.getCredentials({ forceRefresh: true })).token, "two");
  put(path, "three", 101);
  assert.equal((await p.getCredentials({ forceRefresh: false })).token, "three");
});

test("token file refusals: missing, not a regular file, larger than 1 MiB (exactly 1 MiB reads), a control character; none quotes the file", async () => {
  const dir = fresh();
  const missing = join(dir, "missing");
  const error = await rejectsWith(new TokenFileProvider(missing).getCredentials({ forceRefresh: false }), `cannot read token file ${missing}: ENOENT`);
  assert.equal((error.cause as NodeJS.ErrnoException).code, "ENOENT");
  assert.ok(!inspect(error.cause).includes(missing), "the cause does not repeat the path");
  await rejectsWith(new TokenFileProvider(dir).getCredentials({ forceRefresh: false }), `token file ${dir} is not a regular file`);
  const big = join(dir, "big");
  writeFileSync(big, "t".repeat(1024 * 1024 + 1));
  const tooLarge = await rejectsWith(new TokenFileProvider(big).getCredentials({ forceRefresh: false }), `token file ${big} is too large for a token (1048577 bytes, at most 1048576)`);
  assert.equal(tooLarge.cause, undefined);
  const exact = join(dir, "exact");
  writeFileSync(exact, "t".repeat(1024 * 1024));
  assert.equal((await new TokenFileProvider(exact).getCredentials({ forceRefresh: false })).token?.length, 1024 * 1024);
  const control = join(dir, "control");
  writeFileSync(control, "a\u0001secret-b");
  const bad = await rejectsWith(new TokenFileProvider(control).getCredentials({ forceRefresh: false }), `token file ${control} holds a control character, which no HTTP header may carry`);
  assert.ok(!inspect(bad).includes("secret-b"));
  const tab = join(dir, "tab");
  writeFileSync(tab, "a\tb\n");
  assert.equal((await new TokenFileProvider(tab).getCredentials({ forceRefresh: false })).token, "a\tb");
});

test("token file: a file that vanishes after a good read is refused on the next check, not served from the cache", async () => {
  const path = join(fresh(), "token");
  put(path, "tok", 100);
  const p = new TokenFileProvider(path, 0);
  assert.equal((await p.getCredentials({ forceRefresh: false })).token, "tok");
  rmSync(path);
  await rejectsWith(p.getCredentials({ forceRefresh: false }), `cannot read token file ${path}: ENOENT`);
  assert.deepEqual(JSON.parse(JSON.stringify(p)), { provider: "TokenFileProvider", path });
  assert.ok(!inspect(await (async () => { put(path, "hidden-token", 200); return p.getCredentials({ forceRefresh: false }); })()).includes("hidden-token"));
});

test("certificate files: the pair loaded with the kubeconfig until a check (every 60 s by default, at exactly 60 s) finds either file changed", async () => {
  const dir = fresh();
  const cert = join(dir, "c.crt");
  const key = join(dir, "c.key");
  put(cert, "CERT-1", 100);
  put(key, "KEY-1", 100);
  await onClock(async (tick) => {
    const p = new CertificateFilesProvider(cert, key, { cert: "LOADED-CERT", key: "LOADED-KEY" });
    assert.deepEqual({ ...(await p.getCredentials({ forceRefresh: false })) }, { clientCertificate: { cert: "LOADED-CERT", key: "LOADED-KEY" } });
    tick(59_999);
    assert.equal((await p.getCredentials({ forceRefresh: false })).clientCertificate?.cert, "LOADED-CERT", "unchanged files are not re-read");
    put(cert, "CERT-2", 200);
    assert.equal((await p.getCredentials({ forceRefresh: false })).clientCertificate?.cert, "LOADED-CERT", "within the interval: not checked");
    tick(1);
    assert.deepEqual((await p.getCredentials({ forceRefresh: false })).clientCertificate, { cert: "CERT-2", key: "KEY-1" });
    put(key, "KEY-2", 300);
    tick(60_000);
    assert.deepEqual((await p.getCredentials({ forceRefresh: false })).clientCertificate, { cert: "CERT-2", key: "KEY-2" }, "a changed key alone is seen");
  });
});

test("certificate files: a change of size alone is seen; forceRefresh reads the pair whatever changed; the pair handed out is a copy", async () => {
  const dir = fresh();
  const cert = join(dir, "c.crt");
  const key = join(dir, "c.key");
  put(cert, "CERT", 100);
  put(key, "KEY", 100);
  const p = new CertificateFilesProvider(cert, key, { cert: "A", key: "B" }, 0);
  put(cert, "CERT-LONGER", 100);
  assert.deepEqual((await p.getCredentials({ forceRefresh: false })).clientCertificate, { cert: "CERT-LONGER", key: "KEY" });
  put(key, "KEY-LONGER", 100);
  assert.deepEqual((await p.getCredentials({ forceRefresh: false })).clientCertificate, { cert: "CERT-LONGER", key: "KEY-LONGER" });
  put(cert, "SAME-SIZE-1", 100);
  const unchanged = await p.getCredentials({ forceRefresh: false });
  assert.equal(unchanged.clientCertificate?.cert, "CERT-LONGER", "same size and time: not re-read");
  (unchanged.clientCertificate as { cert: string }).cert = "tampered";
  assert.equal((await p.getCredentials({ forceRefresh: false })).clientCertificate?.cert, "CERT-LONGER");
  assert.equal((await p.getCredentials({ forceRefresh: true })).clientCertificate?.cert, "SAME-SIZE-1");
  assert.deepEqual(JSON.parse(JSON.stringify(p)), { provider: "CertificateFilesProvider", certPath: cert, keyPath: key });
  assert.ok(!inspect(p).includes("KEY-LONGER"));
});

test("certificate files missing when the provider is made: the first check only records them; a file gone later is a KubexAuthenticationError", async () => {
  const dir = fresh();
  const cert = join(dir, "c.crt");
  const key = join(dir, "c.key");
  const p = new CertificateFilesProvider(cert, key, { cert: "A", key: "B" }, 0);
  put(cert, "CERT", 100);
  put(key, "KEY", 100);
  assert.deepEqual((await p.getCredentials({ forceRefresh: false })).clientCertificate, { cert: "A", key: "B" });
  put(key, "KEY-2", 200);
  assert.deepEqual((await p.getCredentials({ forceRefresh: false })).clientCertificate, { cert: "CERT", key: "KEY-2" });
  rmSync(key);
  const error = await rejectsWith(p.getCredentials({ forceRefresh: false }), `cannot read client certificate ${cert} or key ${key}: ENOENT`);
  assert.equal((error.cause as NodeJS.ErrnoException).code, "ENOENT");
  assert.ok(!inspect(error.cause).includes(key));
});

test("combined providers: every provider is asked with the same options; the later one's token and certificate win; the earliest expiry", async () => {
  const asked: unknown[] = [];
  const fixed = (credentials: Credentials): CredentialProvider => ({
    getCredentials: async (options) => {
      asked.push(options);
      return credentials;
    },
  });
  const soon = new Date(2_000);
  const later = new Date(5_000);
  const signal = new AbortController().signal;
  const both = new CombinedProvider([
    fixed({ token: "a", clientCertificate: { cert: "C1", key: "K1" }, expiresAt: later }),
    fixed({ expiresAt: soon }),
    fixed({ token: "b" }),
  ]);
  assert.deepEqual({ ...(await both.getCredentials({ forceRefresh: true, signal })) }, { token: "b", clientCertificate: { cert: "C1", key: "K1" }, expiresAt: soon });
  assert.deepEqual(asked, [{ forceRefresh: true, signal }, { forceRefresh: true, signal }, { forceRefresh: true, signal }]);
  const certs = new CombinedProvider([fixed({ clientCertificate: { cert: "C1", key: "K1" } }), fixed({ clientCertificate: { cert: "C2", key: "K2" }, expiresAt: later })]);
  assert.deepEqual({ ...(await certs.getCredentials({ forceRefresh: false })) }, { clientCertificate: { cert: "C2", key: "K2" }, expiresAt: later });
  const none = await new CombinedProvider([fixed({}), fixed({})]).getCredentials({ forceRefresh: false });
  assert.deepEqual(Object.keys(none), [], "no expiry, no token, no certificate: no key");
  assert.ok(!inspect(await both.getCredentials({ forceRefresh: false })).includes("K1"));
  assert.deepEqual(JSON.parse(JSON.stringify(new CombinedProvider([new TokenFileProvider("/t")]))), { provider: "CombinedProvider", providers: [{ provider: "TokenFileProvider", path: "/t" }] });
});

function serviceAccount(files: Record<string, string>): string {
  const dir = fresh();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const pod = { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" };

function refusedConfig(run: () => unknown, message: string): void {
  assert.throws(run, (e: Error) => {
    assert.ok(e instanceof KubexConfigurationError, String(e));
    assert.equal(e.message, message);
    return true;
  });
}

test("isInCluster: the service host and port set and a token mounted, each one needed", () => {
  const dir = serviceAccount({ token: "t" });
  assert.equal(isInCluster({ dir, env: pod }), true);
  assert.equal(isInCluster({ dir, env: { ...pod, KUBERNETES_SERVICE_HOST: "" } }), false);
  assert.equal(isInCluster({ dir, env: { KUBERNETES_SERVICE_HOST: "10.0.0.1" } }), false);
  assert.equal(isInCluster({ dir, env: { KUBERNETES_SERVICE_PORT: "443" } }), false);
  assert.equal(isInCluster({ dir: serviceAccount({ "ca.crt": "CA" }), env: pod }), false);
  assert.equal(serviceAccountDir, "/var/run/secrets/kubernetes.io/serviceaccount");
});

test("isInCluster and loadInCluster read process.env and the mounted directory when not told otherwise", () => {
  const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
  const dir = serviceAccount({ token: "t", "ca.crt": "CA" });
  try {
    process.env.KUBERNETES_SERVICE_HOST = "10.9.9.9";
    process.env.KUBERNETES_SERVICE_PORT = "8443";
    assert.equal(isInCluster({ dir }), true);
    assert.equal(loadInCluster({ dir }).server, "https://10.9.9.9:8443");
    // The default directory is the pod's mount, which this machine does not have.
    assert.equal(isInCluster({ env: pod }), false);
    refusedConfig(() => loadInCluster({ env: pod }), `in-cluster: no service-account token at ${join(serviceAccountDir, "token")}`);
  } finally {
    for (const [name, value] of [["KUBERNETES_SERVICE_HOST", saved.host], ["KUBERNETES_SERVICE_PORT", saved.port]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});

test("loadInCluster: the server from host and port (IPv6 in brackets), the CA, the namespace trimmed or default, the token re-read every minute", async () => {
  const dir = serviceAccount({ token: "tok-1", "ca.crt": "CA", namespace: "  team-a\n" });
  const c = loadInCluster({ dir, env: pod });
  assert.deepEqual(Object.keys(c).sort(), ["credentialProvider", "namespace", "server", "tls"]);
  assert.equal(c.server, "https://10.0.0.1:443");
  assert.equal(c.namespace, "team-a");
  assert.deepEqual({ ...c.tls }, { ca: "CA" });
  assert.ok(c.credentialProvider instanceof TokenFileProvider);
  assert.equal(c.credentialProvider.path, join(dir, "token"));
  assert.equal(loadInCluster({ dir, env: { KUBERNETES_SERVICE_HOST: "fd00::1", KUBERNETES_SERVICE_PORT: "6443" } }).server, "https://[fd00::1]:6443");
  assert.equal(loadInCluster({ dir: serviceAccount({ token: "t", "ca.crt": "CA", namespace: " \n" }), env: pod }).namespace, "default");
  assert.equal(loadInCluster({ dir: serviceAccount({ token: "t", "ca.crt": "CA" }), env: pod }).namespace, "default");
  await onClock(async (tick) => {
    const provider = loadInCluster({ dir, env: pod }).credentialProvider!;
    assert.equal((await provider.getCredentials({ forceRefresh: false })).token, "tok-1");
    put(join(dir, "token"), "tok-2", 500);
    tick(59_999);
    assert.equal((await provider.getCredentials({ forceRefresh: false })).token, "tok-1");
    tick(1);
    assert.equal((await provider.getCredentials({ forceRefresh: false })).token, "tok-2");
  });
});

test("loadInCluster refusals: host or port unset, a port that is not 1-65535, no token, no CA", () => {
  const dir = serviceAccount({ token: "t", "ca.crt": "CA" });
  for (const env of [{}, { KUBERNETES_SERVICE_HOST: "10.0.0.1" }, { KUBERNETES_SERVICE_PORT: "443" }, { ...pod, KUBERNETES_SERVICE_PORT: "" }, { ...pod, KUBERNETES_SERVICE_HOST: "" }]) {
    refusedConfig(() => loadInCluster({ dir, env }), "in-cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set");
  }
  for (const port of ["0", "00000", "65536", "99999", "123456", "-1", "+80", "8a", "a8", " 80", "80 ", "1e3", "0x50"]) {
    refusedConfig(() => loadInCluster({ dir, env: { ...pod, KUBERNETES_SERVICE_PORT: port } }), "in-cluster: KUBERNETES_SERVICE_PORT must be a port number (1-65535)");
  }
  for (const port of ["1", "65535", "00080"]) assert.equal(loadInCluster({ dir, env: { ...pod, KUBERNETES_SERVICE_PORT: port } }).server, `https://10.0.0.1:${port}`);
  assert.throws(() => loadInCluster({ dir: "", env: pod }), (e: Error) => e instanceof KubexConfigurationError && e.message === "options.dir: must not be empty");
  const noToken = serviceAccount({ "ca.crt": "CA" });
  refusedConfig(() => loadInCluster({ dir: noToken, env: pod }), `in-cluster: no service-account token at ${join(noToken, "token")}`);
  const noCa = serviceAccount({ token: "t" });
  refusedConfig(() => loadInCluster({ dir: noCa, env: pod }), `in-cluster: cannot read ${join(noCa, "ca.crt")}`);
});
