// Client certificate files named by a kubeconfig are re-read when they rotate:
// on the periodic check, and at once when the server answers 401.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { inspect } from "node:util";
import { CertificateFilesProvider } from "../../../runtime/configuration/certificate-files.js";
import { createClient, KubexAuthenticationError, loadKubeconfig, Unauthorized } from "../../../runtime/index.js";
import { testCerts } from "../support/certs.js";
import { json, startServer } from "../support/server.js";

const certs = testCerts();
/** A second client certificate from the same CA. */
function issue(cn: string): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), "kubex-cert-"));
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "c.key");
  run("req", "-new", "-key", "c.key", "-subj", `/CN=${cn}`, "-out", "c.csr");
  writeFileSync(join(dir, "c.ext"), "extendedKeyUsage=clientAuth\n");
  run("x509", "-req", "-in", "c.csr", "-CA", join(certs.dir, "ca.crt"), "-CAkey", join(certs.dir, "ca.key"), "-CAcreateserial", "-days", "2", "-extfile", "c.ext", "-out", "c.crt");
  return { cert: readFileSync(join(dir, "c.crt"), "utf8"), key: readFileSync(join(dir, "c.key"), "utf8") };
}

const seen: string[] = [];
const server = await startServer((req, res) => {
  const cn = String((req.socket as TLSSocket).getPeerCertificate()?.subject?.CN ?? "");
  seen.push(cn);
  // The first certificate counts as revoked, as an expired one would be.
  if (cn === "rotated-user") return json(res, 200, { cn });
  json(res, 401, { kind: "Status", apiVersion: "v1", status: "Failure", code: 401, reason: "Unauthorized", message: "Unauthorized" });
}, { requestCert: true });
after(() => server.close());

/** Rewrites a file but gives it back its old modification time, so the periodic check (one a minute) would not look yet. */
function replaceUnnoticed(path: string, text: string): void {
  const { atime, mtime } = statSync(path);
  writeFileSync(path, text);
  utimesSync(path, atime, mtime);
}

test("client-certificate files rotated behind the client's back are re-read by its 401 retry; the retry presents the new pair", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-certrot-"));
  copyFileSync(join(certs.dir, "client.crt"), join(dir, "user.crt"));
  copyFileSync(join(certs.dir, "client.key"), join(dir, "user.key"));
  writeFileSync(join(dir, "config"), `current-context: x
clusters: [{ name: c, cluster: { server: "${server.url}", certificate-authority-data: ${Buffer.from(certs.ca).toString("base64")} } }]
users: [{ name: u, user: { client-certificate: user.crt, client-key: user.key } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
`);
  const config = loadKubeconfig({ path: join(dir, "config") });
  assert.ok(config.credentialProvider instanceof CertificateFilesProvider);
  await using client = await createClient({ configuration: config });
  seen.length = 0;
  await assert.rejects(client.request({ method: "GET", path: "/who" }), Unauthorized);
  assert.deepEqual(seen, ["test-user", "test-user"]);
  const rotated = issue("rotated-user");
  replaceUnnoticed(join(dir, "user.crt"), rotated.cert);
  replaceUnnoticed(join(dir, "user.key"), rotated.key);
  seen.length = 0;
  assert.deepEqual(await (await client.request({ method: "GET", path: "/who" })).json(), { cn: "rotated-user" });
  assert.deepEqual(seen, ["test-user", "rotated-user"], "the old pair got a 401; the forced re-read found the new one");
});

test("client-certificate files are re-read on the periodic check when they change, not before; a vanished file is a KubexAuthenticationError", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-certrot-"));
  writeFileSync(join(dir, "c.crt"), "CERT-1");
  writeFileSync(join(dir, "c.key"), "KEY-1");
  const p = new CertificateFilesProvider(join(dir, "c.crt"), join(dir, "c.key"), { cert: "CERT-1", key: "KEY-1" }, 0);
  assert.deepEqual((await p.getCredentials({ forceRefresh: false })).clientCertificate, { cert: "CERT-1", key: "KEY-1" });
  writeFileSync(join(dir, "c.crt"), "CERT-22");
  writeFileSync(join(dir, "c.key"), "KEY-22");
  assert.deepEqual((await p.getCredentials({ forceRefresh: false })).clientCertificate, { cert: "CERT-22", key: "KEY-22" });
  const slow = new CertificateFilesProvider(join(dir, "c.crt"), join(dir, "c.key"), { cert: "CERT-22", key: "KEY-22" }, 60_000);
  writeFileSync(join(dir, "c.crt"), "CERT-333");
  assert.equal((await slow.getCredentials({ forceRefresh: false })).clientCertificate?.cert, "CERT-22", "within the interval the files are not touched");
  assert.ok(!inspect(await slow.getCredentials({ forceRefresh: false }), { depth: Infinity }).includes("KEY-22"));
  assert.ok(!JSON.stringify(slow).includes("KEY-22"));
  const gone = new CertificateFilesProvider(join(dir, "none.crt"), join(dir, "none.key"), { cert: "C", key: "K" }, 0);
  await assert.rejects(gone.getCredentials({ forceRefresh: false }), (e: Error) => e instanceof KubexAuthenticationError && /cannot read client certificate .*none\.crt or key .*none\.key: ENOENT$/.test(e.message));
});
