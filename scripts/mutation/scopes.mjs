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
    tests: ["test/unit/api/lines.test.ts", "test/unit/api/line-rules.test.ts", "test/unit/api/line-stream.test.ts", "test/unit/api/line-stream-rules.test.ts", "test/unit/api/abort.test.ts", "test/unit/api/line-stream-order-rules.test.ts"],
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
  tar: { mutate: ["runtime/cp/tar.ts"], tests: ["test/unit/cp/tar-rules.test.ts", "test/unit/cp/tar-properties.test.ts", "test/unit/cp/tar.test.ts"] },
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
  "codegen-emit": { mutate: ["codegen/emit.ts"], tests: ["test/unit/codegen/emit.test.ts", "test/unit/codegen/emit-rules.test.ts"] },
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
  // Client options and the failure an error reply becomes: the pure rules files first, then the
  // module's older file (it starts clients on both backends).
  options: { mutate: ["runtime/client/options.ts"], tests: ["test/unit/client/options-rules.test.ts", "test/unit/client/options.test.ts"] },
  failure: { mutate: ["runtime/client/failure.ts"], tests: ["test/unit/client/failure-rules.test.ts"] },
  // The client's small modules at once (one sandbox build instead of five).
  "client-small": {
    mutate: ["runtime/client/printing.ts", "runtime/client/create-client.ts", "runtime/client/runtime-detect.ts", "runtime/client/base-client.ts", "runtime/client/inactivity.ts"],
    tests: ["test/unit/client/printing-rules.test.ts", "test/unit/client/create-client-rules.test.ts"],
  },
  // Manifests: the YAML reader alone (pure, milliseconds a test), then apply and delete against a
  // cluster held in memory (no server, no real wait: the CRD deadline runs on a stubbed clock).
  "manifests-yaml": {
    mutate: ["runtime/manifests/yaml.ts"],
    tests: ["test/unit/manifests/yaml-rules.test.ts", "test/unit/manifests/yaml-json-rules.test.ts", "test/unit/manifests/yaml-properties.test.ts", "test/unit/manifests/yaml.test.ts"],
  },
  "manifests-apply": {
    mutate: ["runtime/manifests/apply.ts"],
    tests: ["test/unit/manifests/apply-rules.test.ts", "test/unit/manifests/apply-options.test.ts", "test/unit/manifests/yaml-rules.test.ts"],
  },
  // Discovery and the served check against answers in memory first; the in-process server of
  // served.test.ts last, for what only a real client's request path reaches.
  "discovery-fast": {
    mutate: ["runtime/discovery/discovery.ts", "runtime/discovery/served.ts"],
    tests: [
      "test/unit/discovery/discovery-rules.test.ts",
      "test/unit/discovery/served-rules.test.ts",
      "test/unit/discovery/malformed.test.ts",
      "test/unit/discovery/discovery.test.ts",
      "test/unit/discovery/served.test.ts",
    ],
  },
  // The fetch backend's transport and the shared read-deadline timer: the pure timer file first,
  // then the new rules file (an in-process server answering in milliseconds), then the read-timeout file.
  "fetch-transport": {
    mutate: ["runtime/client/fetch-client.ts", "runtime/client/read-deadlines.ts"],
    tests: ["test/unit/client/read-deadlines.test.ts", "test/unit/client/read-deadline-rules.test.ts", "test/unit/client/fetch-client-rules.test.ts", "test/unit/client/fetch-read-timeout.test.ts"],
  },
  // The undici backend's transport: the hand-driven dispatch file first (no server), then the
  // in-process server files. undici-error-body.test.ts (16 MiB bodies, seconds) is left out: the
  // same bound at a small size is in undici-buffered-rules.test.ts.
  "undici-transport": {
    mutate: ["runtime/client/undici-client.ts", "runtime/client/undici-buffered.ts"],
    tests: [
      "test/unit/client/undici-buffered-rules.test.ts",
      "test/unit/client/undici-rules.test.ts",
      "test/unit/client/undici-client-rules.test.ts",
      "test/unit/client/request-dispatch.test.ts",
      "test/unit/client/pool.test.ts",
      "test/unit/client/http2.test.ts",
    ],
  },
  // The small modules under both backends, with their pure rules files (no server, no client).
  "transport-small": {
    mutate: ["runtime/client/timeout.ts", "runtime/client/response.ts", "runtime/client/abort.ts", "runtime/client/closable-connection.ts"],
    tests: [
      "test/unit/client/timeout-rules.test.ts",
      "test/unit/client/response-rules.test.ts",
      "test/unit/client/abort-rules.test.ts",
      "test/unit/client/closable-connection-rules.test.ts",
      "test/unit/client/request-check-rules.test.ts",
      "test/unit/client/http-client-rules.test.ts",
    ],
  },
  // cp's two local modules over a scripted exec connection and a temporary directory (no server).
  cp: { mutate: ["runtime/cp/cp.ts", "runtime/cp/local-files.ts"], tests: ["test/unit/cp/local-files-rules.test.ts", "test/unit/cp/cp-rules.test.ts"] },
  // Port-forward to a Service or workload, against a client that answers from memory.
  "workload-forward": { mutate: ["runtime/workloads/port-forward.ts"], tests: ["test/unit/workloads/port-forward-rules.test.ts"] },
  // kubectl top and the descriptors and paths it stands on, all against in-memory clients.
  "metrics-resource": {
    mutate: ["runtime/metrics/top.ts", "runtime/metrics/types.ts", "runtime/resource/context.ts", "runtime/resource/descriptor.ts"],
    tests: ["test/unit/api/resource-descriptor-rules.test.ts", "test/unit/api/resource-context-rules.test.ts", "test/unit/metrics/top-rules.test.ts", "test/unit/metrics/malformed.test.ts"],
  },
  // Reading a live cluster's /openapi/v3: a client of the test's own, and an in-process server for
  // the kubeconfig cases (from-cluster.test.ts spawns the CLI: left out).
  "codegen-cluster": { mutate: ["codegen/cluster.ts"], tests: ["test/unit/codegen/cluster-rules.test.ts"] },
  // The generator's entry points and the lifecycle manifest's files, in one run: the fast file
  // (versions, Go declarations, the manifest) first, then the one that generates small specs.
  "codegen-entry": {
    mutate: ["codegen/errors.ts", "codegen/lifecycle-declared.ts", "codegen/lifecycle-files.ts", "codegen/series.ts", "codegen/index.ts"],
    tests: ["test/unit/codegen/lifecycle-files-rules.test.ts", "test/unit/codegen/index-rules.test.ts"],
  },
  // lifecycle() with the fast files: lifecycle.test.ts reads the official specs through Go and
  // imports the e2e skip helper, which the sandbox leaves out.
  lifecycle: { mutate: ["runtime/lifecycle.ts"], tests: ["test/unit/lifecycle/lifecycle-rules.test.ts", "test/unit/lifecycle/lifecycle-answers.test.ts"] },
  // exec, attach and portforward as the Api hands them out, and the port-forward session: the
  // scripted-connection files first, the in-process WebSocket server last.
  "stream-access": {
    mutate: ["runtime/stream/accessors.ts", "runtime/stream/portforward.ts"],
    tests: ["test/unit/stream/portforward-session.test.ts", "test/unit/stream/accessor-rules.test.ts", "test/unit/stream/portforward-rules.test.ts", "test/unit/websocket/portforward.test.ts"],
  },
  // The queue and the whole-body reads, with their own fast files only (no WebSocket server).
  "util-fast": { mutate: ["runtime/util/**/*.ts"], tests: ["test/unit/util/queue-rules.test.ts", "test/unit/util/async-queue.test.ts", "test/unit/util/queue-flow-rules.test.ts"] },
  // The small stream modules in one run: exit codes, the abort error, the handshake, a port as a Duplex.
  "stream-small": {
    mutate: ["runtime/stream/exit-status.ts", "runtime/stream/duplex.ts", "runtime/stream/abort.ts", "runtime/stream/connect.ts"],
    tests: ["test/unit/stream/session.test.ts", "test/unit/stream/duplex.test.ts", "test/unit/stream/portforward-session.test.ts", "test/unit/stream/stream-helper-rules.test.ts"],
  },
  // The Api's small modules in one run, against the recording client (no server).
  "api-small": {
    mutate: ["runtime/api/api.ts", "runtime/api/task-accessors.ts", "runtime/api/abort.ts", "runtime/api/accessors.ts", "runtime/api/patch.ts", "runtime/api/metadata.ts", "runtime/api/subresources.ts"],
    tests: ["test/unit/api/request-rules.test.ts", "test/unit/api/requests.test.ts", "test/unit/api/api-surface-rules.test.ts"],
  },
  // The ws-package adapter and the frame queue and handshake bound it shares: the pure rules first,
  // then the in-process servers (plain, TLS, a CONNECT proxy).
  "ws-adapter-rules": {
    mutate: ["runtime/client/websocket/node-adapter.ts", "runtime/client/websocket/open.ts", "runtime/client/websocket/frames.ts"],
    tests: ["test/unit/websocket/frames-rules.test.ts", "test/unit/websocket/node-adapter-missing-ws.test.ts", "test/unit/websocket/node-adapter.test.ts", "test/unit/websocket/node-adapter-rules.test.ts"],
  },
  // The Node platform (undici dispatchers, TLS material, the support table): pure files first.
  "platform-node": {
    mutate: ["runtime/client/platform/node.ts", "runtime/client/platform/tls.ts", "runtime/client/platform/support.ts"],
    tests: ["test/unit/platform/tls-rules.test.ts", "test/unit/platform/support-rules.test.ts", "test/unit/platform/support.test.ts", "test/unit/platform/node-rules.test.ts"],
  },
  "http2-sessions": { mutate: ["runtime/client/platform/http2-sessions.ts"], tests: ["test/unit/platform/http2-sessions-rules.test.ts"] },
  // The fetch backend's WebSocket adapter and the platform modules of Bun, Deno and other runtimes,
  // under Node with a scripted socket and fake globals (no network).
  "fetch-platforms": {
    mutate: [
      "runtime/client/websocket/web-adapter.ts",
      "runtime/client/platform/web.ts",
      "runtime/client/platform/deno.ts",
      "runtime/client/platform/bun.ts",
      "runtime/client/platform/index.ts",
      "runtime/client/platform/types.ts",
    ],
    tests: ["test/unit/platform/fetch-platforms-rules.test.ts", "test/unit/websocket/web-adapter-rules.test.ts", "test/unit/platform/support.test.ts"],
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
  "runtime/workloads/": ["test/unit/workloads"],
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
