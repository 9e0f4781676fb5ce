// What each mutation scope mutates, and the unit tests that must kill its mutants. Each test
// file runs once to record the mutants it reaches; a mutant then runs only the files that reach
// it. A path (file or directory under runtime/ or codegen/) is also a scope: its tests are
// those of the longest directory below that holds it.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const scopes = {
  "backend-warnings": { mutate: ["runtime/client/backend-warnings.ts"], tests: ["test/unit/client/options.test.ts", "test/unit/client/backend-warnings.test.ts"] },
  patch: { mutate: ["runtime/api/patch.ts"], tests: ["test/unit/api/requests.test.ts"] },
  lines: {
    mutate: ["runtime/api/lines.ts"],
    tests: ["test/unit/api/lines.test.ts", "test/unit/api/line-rules.test.ts", "test/unit/api/line-stream.test.ts", "test/unit/api/line-stream-rules.test.ts", "test/unit/api/abort.test.ts"],
  },
  channels: { mutate: ["runtime/stream/channels.ts"], tests: ["test/unit/websocket/framing.test.ts", "test/unit/stream/channel-frames.test.ts"] },
  errors: { mutate: ["runtime/errors.ts"], tests: ["test/unit/errors.test.ts", "test/unit/error-rules.test.ts"] },
  api: { mutate: ["runtime/api/**/*.ts", "runtime/resource/**/*.ts"], tests: ["test/unit/api"] },
  // The modules whose behaviour the docs promise most about, one scope each.
  // Modules the docs promise most about, each with the unit tests written for it: a mutant
  // runs only the files that reach it, but a survivor runs all of them, so fewer files is faster.
  names: { mutate: ["runtime/resource/names.ts"], tests: ["test/unit/api/names.test.ts", "test/unit/api/path-segment-rules.test.ts"] },
  arguments: { mutate: ["runtime/api/arguments.ts"], tests: ["test/unit/api/arguments.test.ts", "test/unit/api/option-rules.test.ts"] },
  "request-checks": {
    mutate: ["runtime/client/headers.ts", "runtime/client/check-request.ts", "runtime/client/check-configuration.ts"],
    tests: ["test/unit/client/request-checks.test.ts", "test/unit/client/request-check-rules.test.ts", "test/unit/client/arguments.test.ts"],
  },
  "rate-limit": { mutate: ["runtime/client/rate-limit.ts"], tests: ["test/unit/client/rate-limit.test.ts", "test/unit/client/rate-limit-rules.test.ts"] },
  retry: { mutate: ["runtime/client/retry.ts"], tests: ["test/unit/client/retry.test.ts", "test/unit/client/retry-wiring.test.ts", "test/unit/client/retry-rules.test.ts"] },
  // The client's modules, one scope each; a test file that does not reach a mutant costs nothing for it.
  // http.test.ts first: it kills most mutants, and a mutant stops at the first file that fails.
  // error-body-bound.test.ts is left out: its 5 s bound fails on a loaded machine.
  "http-client": {
    mutate: ["runtime/client/http-client.ts"],
    tests: [
      "test/unit/client/http.test.ts",
      "test/unit/client/client-contract.test.ts",
      "test/unit/client/request-path.test.ts",
      "test/unit/client/body-cut.test.ts",
      "test/unit/client/redaction.test.ts",
      "test/unit/client/retry-wiring.test.ts",
      "test/unit/client/websocket-close.test.ts",
    ],
  },
  "undici-client": { mutate: ["runtime/client/undici-client.ts"], tests: ["test/unit/client", "test/unit/platform"] },
  client: { mutate: ["runtime/client/*.ts"], tests: ["test/unit/client", "test/unit/platform"] },
  configuration: { mutate: ["runtime/configuration/**/*.ts"], tests: ["test/unit/configuration"] },
  stream: { mutate: ["runtime/stream/**/*.ts", "runtime/client/websocket/**/*.ts"], tests: ["test/unit/websocket", "test/unit/stream"] },
  watcher: { mutate: ["runtime/watcher/**/*.ts"], tests: ["test/unit/watcher"] },
  codegen: { mutate: ["codegen/**/*.ts", "!codegen/cli.ts"], tests: ["test/unit/codegen"] },
  // Streams (exec, attach, port-forward) and what they stand on; the fast unit files come first,
  // so most mutants are killed before an in-process server starts.
  session: { mutate: ["runtime/stream/session.ts"], tests: ["test/unit/stream/session.test.ts", "test/unit/websocket/sessions.test.ts"] },
  "forward-target": { mutate: ["runtime/stream/forward-target.ts"], tests: ["test/unit/stream/forward-target.test.ts", "test/unit/stream/forward-target-rules.test.ts"] },
  "stream-arguments": { mutate: ["runtime/stream/arguments.ts"], tests: ["test/unit/stream/argument-rules.test.ts", "test/unit/websocket/arguments.test.ts"] },
  run: { mutate: ["runtime/stream/run.ts"], tests: ["test/unit/stream/run.test.ts", "test/unit/websocket/exec-io.test.ts", "test/unit/websocket/output.test.ts"] },
  portforward: { mutate: ["runtime/stream/portforward.ts"], tests: ["test/unit/stream/portforward-session.test.ts", "test/unit/websocket/portforward.test.ts", "test/unit/websocket/sessions.test.ts"] },
  quantity: { mutate: ["runtime/quantity/**/*.ts"], tests: ["test/unit/quantity"] },
  tar: { mutate: ["runtime/cp/tar.ts"], tests: ["test/unit/cp/tar-rules.test.ts", "test/unit/cp/tar.test.ts"] },
  "ws-adapter": {
    mutate: ["runtime/client/websocket/node-adapter.ts", "runtime/client/websocket/open.ts", "runtime/client/websocket/frames.ts"],
    tests: ["test/unit/websocket/node-adapter.test.ts", "test/unit/websocket/sessions.test.ts"],
  },
  // Generator modules, each with its fast given/want tests (no process spawned, no type-check).
  "codegen-merge": { mutate: ["codegen/merge.ts"], tests: ["test/unit/codegen/merge-rules.test.ts", "test/unit/codegen/merge.test.ts"] },
  "codegen-naming": { mutate: ["codegen/naming.ts"], tests: ["test/unit/codegen/naming.test.ts"] },
  "codegen-inline": { mutate: ["codegen/inline.ts"], tests: ["test/unit/codegen/inline.test.ts"] },
  "codegen-docs": { mutate: ["codegen/docs.ts"], tests: ["test/unit/codegen/docs.test.ts"] },
  "codegen-share": { mutate: ["codegen/share.ts"], tests: ["test/unit/codegen/share.test.ts"] },
  "codegen-types": { mutate: ["codegen/types.ts"], tests: ["test/unit/codegen/types.test.ts"] },
  "codegen-resources": { mutate: ["codegen/resources.ts"], tests: ["test/unit/codegen/resources.test.ts"] },
  "codegen-fixups": { mutate: ["codegen/fixups.ts"], tests: ["test/unit/codegen/fixup-rules.test.ts", "test/unit/codegen/fixups.test.ts"] },
  "codegen-output": { mutate: ["codegen/output.ts"], tests: ["test/unit/codegen/output.test.ts"] },
  // Generated modules as text, from a spec given in the test (no files, no type-check).
  "codegen-emit": { mutate: ["codegen/emit.ts"], tests: ["test/unit/codegen/emit.test.ts"] },
  "codegen-crd": { mutate: ["codegen/crd.ts"], tests: ["test/unit/codegen/crd-rules.test.ts"] },
  "codegen-load": { mutate: ["codegen/load.ts"], tests: ["test/unit/codegen/load.test.ts"] },
  "codegen-enums": { mutate: ["codegen/enums.ts"], tests: ["test/unit/codegen/enum-rules.test.ts"] },
  "codegen-lifecycle": { mutate: ["codegen/lifecycle.ts"], tests: ["test/unit/codegen/lifecycle-rules.test.ts", "test/unit/codegen/lifecycle.test.ts"] },
  // Reading the inputs (a spec's documents, CRD manifests) in one run: one sandbox build instead of two.
  // What each release adds (built-in enums, the lifecycle manifest) in one run, fast files only.
  "codegen-release-data": { mutate: ["codegen/enums.ts", "codegen/lifecycle.ts"], tests: ["test/unit/codegen/enum-rules.test.ts", "test/unit/codegen/lifecycle-rules.test.ts"] },
  "codegen-inputs": { mutate: ["codegen/crd.ts", "codegen/load.ts"], tests: ["test/unit/codegen/crd-rules.test.ts", "test/unit/codegen/load.test.ts"] },
  // Watch streams and reply checks: ERROR events as the typed error of their status, malformed replies.
  "api-watch": { mutate: ["runtime/api/watch.ts", "runtime/api/decode.ts"], tests: ["test/unit/api/replies.test.ts", "test/unit/api/requests.test.ts", "test/unit/api/watch-rules.test.ts"] },
  // Paging through continue tokens, and recovering from expired ones.
  "list-all": { mutate: ["runtime/api/list-all.ts"], tests: ["test/unit/api/pagination.test.ts", "test/unit/api/list-all-expired.test.ts", "test/unit/api/list-all-rules.test.ts"] },
  // Request building and call options (the Api's requests as plain data: no server, fast).
  "api-requests": { mutate: ["runtime/api/requests.ts", "runtime/api/options.ts"], tests: ["test/unit/api/requests.test.ts", "test/unit/api/request-rules.test.ts"] },
  discovery: { mutate: ["runtime/discovery/**/*.ts"], tests: ["test/unit/discovery"] },
  manifests: { mutate: ["runtime/manifests/**/*.ts"], tests: ["test/unit/manifests"] },
  metrics: { mutate: ["runtime/metrics/**/*.ts"], tests: ["test/unit/metrics"] },
  lifecycle: { mutate: ["runtime/lifecycle.ts"], tests: ["test/unit/lifecycle"] },
  // Configuration modules; each runs the whole configuration directory, since a kubeconfig test
  // also reaches the providers it builds (per-test coverage keeps a mutant to the files that reach it).
  "exec-plugin": { mutate: ["runtime/configuration/exec-plugin.ts"], tests: ["test/unit/configuration"] },
  credentials: {
    mutate: ["runtime/configuration/oidc.ts", "runtime/configuration/secrets.ts", "runtime/configuration/abortable.ts", "runtime/configuration/header-value.ts"],
    tests: ["test/unit/configuration"],
  },
  kubeconfig: { mutate: ["runtime/configuration/kubeconfig*.ts", "runtime/configuration/load.ts"], tests: ["test/unit/configuration"] },
  "credential-files": {
    mutate: ["runtime/configuration/in-cluster.ts", "runtime/configuration/certificate-files.ts", "runtime/configuration/token-file.ts"],
    tests: ["test/unit/configuration"],
  },
  // One configuration module each, with only the fast files that pin it (no plugin or issuer runs
  // but the few in providers.test.ts that check what a kubeconfig hands to a provider).
  "kubeconfig-decode": {
    mutate: ["runtime/configuration/kubeconfig-decode.ts"],
    tests: [
      "test/unit/configuration/kubeconfig-decode-rules.test.ts",
      "test/unit/configuration/kubeconfig.test.ts",
      "test/unit/configuration/kubeconfig-rules.test.ts",
      "test/unit/configuration/kubeconfig-types.test.ts",
    ],
  },
  "kubeconfig-load": {
    mutate: ["runtime/configuration/kubeconfig.ts"],
    tests: [
      "test/unit/configuration/kubeconfig-rules.test.ts",
      "test/unit/configuration/kubeconfig.test.ts",
      "test/unit/configuration/kubeconfig-auth-provider-rules.test.ts",
      "test/unit/configuration/kubeconfig-load-rules.test.ts",
      "test/unit/configuration/kubeconfig-bounds.test.ts",
      "test/unit/configuration/providers.test.ts",
    ],
  },
  secrets: {
    mutate: ["runtime/configuration/secrets.ts"],
    tests: ["test/unit/configuration/secrets-rules.test.ts", "test/unit/configuration/secrets.test.ts", "test/unit/configuration/kubeconfig.test.ts", "test/unit/configuration/providers.test.ts"],
  },
  util: { mutate: ["runtime/util/**/*.ts"], tests: ["test/unit/util", "test/unit/websocket/output.test.ts"] },
  // The request checks one module at a time (each run ends within a short window); the pure
  // check files first, the one that starts a server last.
  "check-request": { mutate: ["runtime/client/check-request.ts"], tests: ["test/unit/client/request-checks.test.ts", "test/unit/client/request-check-rules.test.ts", "test/unit/client/arguments.test.ts"] },
  "check-configuration": { mutate: ["runtime/client/check-configuration.ts"], tests: ["test/unit/client/request-checks.test.ts", "test/unit/client/request-check-rules.test.ts", "test/unit/client/arguments.test.ts"] },
  headers: { mutate: ["runtime/client/headers.ts"], tests: ["test/unit/client/request-checks.test.ts", "test/unit/client/request-check-rules.test.ts", "test/unit/client/arguments.test.ts"] },
  warnings: { mutate: ["runtime/client/warnings.ts"], tests: ["test/unit/client/warnings.test.ts", "test/unit/client/warning-rules.test.ts"] },
  proxy: { mutate: ["runtime/client/proxy.ts"], tests: ["test/unit/client/proxy.test.ts", "test/unit/client/proxy-rules.test.ts"] },
  // The shared request path without http.test.ts (20 s and more per run): the in-memory backend's
  // file first (milliseconds, kills most mutants), then the fast in-process-server files.
  "http-client-fast": {
    mutate: ["runtime/client/http-client.ts"],
    tests: [
      "test/unit/client/http-client-rules.test.ts",
      "test/unit/client/client-contract.test.ts",
      "test/unit/client/request-dispatch.test.ts",
      "test/unit/client/request-path.test.ts",
      "test/unit/client/body-cut.test.ts",
      "test/unit/client/retry-wiring.test.ts",
      "test/unit/client/redaction.test.ts",
      "test/unit/client/websocket-close.test.ts",
    ],
  },
  // The undici backend's request path: its options, the buffered read, and the call handle close() aborts.
  "undici-request": {
    mutate: ["runtime/client/undici-client.ts", "runtime/client/undici-buffered.ts", "runtime/client/in-flight.ts"],
    tests: [
      "test/unit/client/in-flight.test.ts",
      "test/unit/client/undici-rules.test.ts",
      "test/unit/client/http-client-rules.test.ts",
      "test/unit/client/request-dispatch.test.ts",
      "test/unit/client/pool.test.ts",
      "test/unit/client/request-path.test.ts",
      "test/unit/client/client-contract.test.ts",
      "test/unit/client/http2.test.ts",
    ],
  },
  // The kubeconfig YAML reader with the fast files that read YAML (no provider runs); the
  // reader's own rules first.
  "kubeconfig-yaml": {
    mutate: ["runtime/configuration/kubeconfig-yaml.ts"],
    tests: [
      "test/unit/configuration/kubeconfig-yaml-rules.test.ts",
      "test/unit/configuration/kubeconfig-decode-rules.test.ts",
      "test/unit/configuration/kubeconfig-rules.test.ts",
      "test/unit/configuration/kubeconfig.test.ts",
      "test/unit/configuration/kubeconfig-types.test.ts",
    ],
  },
  // The credential files (token, certificate pair, in-cluster) and the small shared modules in one
  // run; the rules files work on a clock the test sets, so no test waits for an interval.
  "configuration-small": {
    mutate: [
      "runtime/configuration/in-cluster.ts",
      "runtime/configuration/certificate-files.ts",
      "runtime/configuration/token-file.ts",
      "runtime/configuration/loader-options.ts",
      "runtime/configuration/abortable.ts",
      "runtime/configuration/load.ts",
      "runtime/configuration/header-value.ts",
    ],
    tests: [
      "test/unit/configuration/credential-files-rules.test.ts",
      "test/unit/configuration/loader-rules.test.ts",
      "test/unit/configuration/arguments.test.ts",
      "test/unit/configuration/token-file-bounds.test.ts",
      "test/unit/configuration/providers.test.ts",
    ],
  },
  // The watcher's modules against a scripted Api and a hand-driven clock (no server, no real
  // backoff): a file takes a second or two, where the server-backed ones take 14 to 28 s.
  "watcher-store": { mutate: ["runtime/watcher/store.ts", "runtime/watcher/events.ts"], tests: ["test/unit/watcher/store-rules.test.ts", "test/unit/watcher/store.test.ts"] },
  watchdog: { mutate: ["runtime/watcher/watchdog.ts"], tests: ["test/unit/watcher/watchdog-rules.test.ts", "test/unit/watcher/watcher-rules.test.ts"] },
  informer: { mutate: ["runtime/watcher/informer.ts"], tests: ["test/unit/watcher/informer-rules.test.ts"] },
  "watcher-loop": { mutate: ["runtime/watcher/watcher.ts"], tests: ["test/unit/watcher/watcher-rules.test.ts"] },
  // The four small modules at once (one sandbox build instead of four).
  "watcher-fast": {
    mutate: ["runtime/watcher/store.ts", "runtime/watcher/events.ts", "runtime/watcher/watchdog.ts", "runtime/watcher/informer.ts"],
    tests: ["test/unit/watcher/store-rules.test.ts", "test/unit/watcher/watchdog-rules.test.ts", "test/unit/watcher/informer-rules.test.ts", "test/unit/watcher/watcher-rules.test.ts", "test/unit/watcher/store.test.ts"],
  },
};

const testsByDirectory = {
  "runtime/api/": ["test/unit/api"],
  "runtime/resource/": ["test/unit/api"],
  "runtime/client/websocket/": ["test/unit/websocket"],
  "runtime/client/": ["test/unit/client", "test/unit/platform"],
  "runtime/configuration/": ["test/unit/configuration"],
  "runtime/util/": scopes.util.tests,
  "runtime/stream/": ["test/unit/websocket", "test/unit/stream"],
  "runtime/quantity/": ["test/unit/quantity"],
  "runtime/cp/": ["test/unit/cp"],
  "runtime/watcher/": ["test/unit/watcher"],
  "runtime/discovery/": ["test/unit/discovery"],
  "runtime/manifests/": ["test/unit/manifests"],
  "runtime/metrics/": ["test/unit/metrics"],
  "runtime/": ["test/unit/errors.test.ts"],
  "codegen/": scopes.codegen.tests,
};

/** The scope of a name from the table, or of a path under runtime/ or codegen/. */
export function scopeOf(name) {
  if (Object.hasOwn(scopes, name)) return scopes[name];
  const path = name.replace(/^\.\//, "").replace(/\/?$/, (end) => (name.endsWith(".ts") ? "" : "/"));
  const prefix = Object.keys(testsByDirectory).filter((dir) => path.startsWith(dir)).sort((a, b) => b.length - a.length)[0];
  if (!prefix) return undefined;
  const mutate = path.endsWith(".ts") ? [path] : [`${path}**/*.ts`];
  return { mutate, tests: testsByDirectory[prefix] };
}

/** The test files of a scope: its files, and the *.test.ts files of its directories. */
export function testFiles(scope, root) {
  return scope.tests.flatMap((path) => {
    const full = join(root, path);
    if (!statSync(full).isDirectory()) return [path];
    return readdirSync(full).filter((name) => name.endsWith(".test.ts")).sort().map((name) => `${path}/${name}`);
  });
}
