// What each mutation scope mutates, and the unit tests that must kill its mutants. Each test
// file runs once to record the mutants it reaches; a mutant then runs only the files that reach
// it. A path (file or directory under runtime/ or codegen/) is also a scope: its tests are
// those of the longest directory below that holds it.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const scopes = {
  "backend-warnings": { mutate: ["runtime/client/backend-warnings.ts"], tests: ["test/unit/client/options.test.ts", "test/unit/client/backend-warnings.test.ts"] },
  patch: { mutate: ["runtime/api/patch.ts"], tests: ["test/unit/api/requests.test.ts"] },
  lines: { mutate: ["runtime/api/lines.ts"], tests: ["test/unit/api/lines.test.ts", "test/unit/api/line-rules.test.ts", "test/unit/api/abort.test.ts"] },
  channels: { mutate: ["runtime/stream/channels.ts"], tests: ["test/unit/websocket/framing.test.ts", "test/unit/stream/channel-frames.test.ts"] },
  errors: { mutate: ["runtime/errors.ts"], tests: ["test/unit/errors.test.ts"] },
  api: { mutate: ["runtime/api/**/*.ts", "runtime/resource/**/*.ts"], tests: ["test/unit/api"] },
  // The modules whose behaviour the docs promise most about, one scope each.
  // Modules the docs promise most about, each with the unit tests written for it: a mutant
  // runs only the files that reach it, but a survivor runs all of them, so fewer files is faster.
  names: { mutate: ["runtime/resource/names.ts"], tests: ["test/unit/api/names.test.ts", "test/unit/api/path-segment-rules.test.ts"] },
  arguments: { mutate: ["runtime/api/arguments.ts"], tests: ["test/unit/api/arguments.test.ts", "test/unit/api/option-rules.test.ts"] },
  "request-checks": {
    mutate: ["runtime/client/headers.ts", "runtime/client/check-request.ts", "runtime/client/check-configuration.ts"],
    tests: ["test/unit/client/arguments.test.ts", "test/unit/client/request-checks.test.ts"],
  },
  "rate-limit": { mutate: ["runtime/client/rate-limit.ts"], tests: ["test/unit/client/rate-limit.test.ts", "test/unit/client/rate-limit-rules.test.ts"] },
  retry: { mutate: ["runtime/client/retry.ts"], tests: ["test/unit/client/retry.test.ts", "test/unit/client/retry-wiring.test.ts"] },
  client: { mutate: ["runtime/client/*.ts"], tests: ["test/unit/client", "test/unit/platform"] },
  configuration: { mutate: ["runtime/configuration/**/*.ts"], tests: ["test/unit/configuration"] },
  stream: { mutate: ["runtime/stream/**/*.ts", "runtime/client/websocket/**/*.ts"], tests: ["test/unit/websocket", "test/unit/stream"] },
  watcher: { mutate: ["runtime/watcher/**/*.ts"], tests: ["test/unit/watcher"] },
  codegen: { mutate: ["codegen/**/*.ts", "!codegen/cli.ts"], tests: ["test/unit/codegen"] },
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
  util: { mutate: ["runtime/util/**/*.ts"], tests: ["test/unit/util", "test/unit/websocket/output.test.ts"] },
};

const testsByDirectory = {
  "runtime/api/": ["test/unit/api"],
  "runtime/resource/": ["test/unit/api"],
  "runtime/client/websocket/": ["test/unit/websocket"],
  "runtime/client/": ["test/unit/client", "test/unit/platform"],
  "runtime/configuration/": ["test/unit/configuration"],
  "runtime/util/": scopes.util.tests,
  "runtime/stream/": ["test/unit/websocket", "test/unit/stream"],
  "runtime/watcher/": ["test/unit/watcher"],
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
