// What a kubeconfig's oidc auth-provider section hands to the provider it builds: the client id
// and issuer as written, and the provider's own refusal when either is missing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubexConfigurationError, loadKubeconfig, OidcProvider } from "../../../runtime/index.js";

const root = mkdtempSync(join(tmpdir(), "kubex-kc-auth-provider-"));
let n = 0;

function kubeconfig(config: string): string {
  const path = join(root, `config-${n++}`);
  writeFileSync(path, `current-context: x
clusters: [{ name: c, cluster: { server: "https://a" } }]
users: [{ name: u, user: { auth-provider: { name: oidc, config: ${config} } } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
`);
  return path;
}

test("oidc auth-provider: the provider gets client-id and idp-issuer-url as written; it prints no secret", () => {
  const c = loadKubeconfig({ path: kubeconfig(`{ client-id: kube, idp-issuer-url: "https://issuer.example/", client-secret: cs-secret, refresh-token: rt-secret }`) });
  assert.ok(c.credentialProvider instanceof OidcProvider);
  assert.deepEqual(JSON.parse(JSON.stringify(c.credentialProvider)), { provider: "OidcProvider", issuerUrl: "https://issuer.example/", clientId: "kube" });
});

test("oidc auth-provider without client-id or idp-issuer-url, or without config, is refused when the kubeconfig is loaded", () => {
  for (const config of [`{ idp-issuer-url: "https://issuer.example" }`, `{ client-id: kube }`, `{}`, `~`]) {
    const path = kubeconfig(config);
    assert.throws(() => loadKubeconfig({ path }), (e: Error) => {
      assert.ok(e instanceof KubexConfigurationError, String(e));
      assert.equal(e.message, "oidc auth-provider: client-id and idp-issuer-url are required");
      return true;
    }, config);
  }
});

test("oidc auth-provider: idp-certificate-authority is read relative to the kubeconfig when loaded; one that cannot be read is refused naming it", () => {
  writeFileSync(join(root, "idp.pem"), "IDP-CA");
  const good = kubeconfig(`{ client-id: kube, idp-issuer-url: "https://issuer.example", idp-certificate-authority: idp.pem }`);
  assert.ok(loadKubeconfig({ path: good }).credentialProvider instanceof OidcProvider);
  const path = kubeconfig(`{ client-id: kube, idp-issuer-url: "https://issuer.example", idp-certificate-authority: missing.pem }`);
  assert.throws(() => loadKubeconfig({ path }), (e: Error) => {
    assert.ok(e instanceof KubexConfigurationError, String(e));
    assert.equal(e.message, `kubeconfig ${path}: cannot read idp-certificate-authority ${join(root, "missing.pem")} (ENOENT)`);
    return true;
  });
});
