// The scenarios every contender runs, and the objects they read (seeded by bench/seed.mjs).
export const NS = {
  get: "kubex-bench-get",
  pods100: "kubex-bench-pods-100",
  pods500: "kubex-bench-pods-500",
  cm5000: "kubex-bench-cm-5000",
  watch: "kubex-bench-watch",
  write: "kubex-bench-write",
};
export const GET_NAME = "bench-target";
export const LOG_POD = "bench-logger";
export const GET_CALLS = 200;
export const CREATE_DELETE = 50;
export const CONCURRENT = 100;
export const WATCH_EVENTS = 1000;
export const PAGE_LIMIT = 500;
// Every pod's log is kwok's cluster-wide 20-line file; 500 reads give 10 000 lines.
export const LOG_READS = 500;
export const LOG_LINES_PER_READ = 20;

/** name -> what the scenario does (the report's wording). */
export const SCENARIOS = {
  "get": `${GET_CALLS} sequential GETs of one ConfigMap (p50/p99 per call)`,
  "create-delete": `${CREATE_DELETE} x create then delete a ConfigMap`,
  "list-100-pods": "list 100 pods bound to the kwok node",
  "list-500-pods": "list 500 pods bound to the kwok node",
  "list-5000-cm-paged": `list 5 000 ConfigMaps in pages of ${PAGE_LIMIT}`,
  "watch-1000": `watch until ${WATCH_EVENTS} events arrive (ADDED for existing ConfigMaps)`,
  "concurrent-100-get": `${CONCURRENT} concurrent GETs`,
  "logs-10000-lines": `${LOG_READS} streamed log reads x ${LOG_LINES_PER_READ} lines = 10 000 lines`,
};

// The client-cost mode (`npm run bench:client-cost`): the same clients against a trivial local TLS
// server answering with prepared responses (bench/lib/fake-apiserver.mjs), so only the client's
// own cost is measured. `calls` divides a repetition's CPU and wall time into the per-call figure.
export const CC = {
  NS: { get: "cc-get", pods500: "cc-pods-500", pods5000: "cc-pods-5000", watch2000: "cc-watch-2000", watch20000: "cc-watch-20000", write: "cc-write" },
  GET_NAME: "pod-00000",
  LOG_POD: "bench-logger",
  GET_CALLS: 200,
  CREATE_DELETE: 50,
  CONCURRENT: 100,
  LOG_LINES: 10000,
};
export const CC_SCENARIOS = {
  "get-pod": { what: `${CC.GET_CALLS} sequential GETs of one pod`, calls: CC.GET_CALLS, unit: "GET" },
  "create-delete": { what: `${CC.CREATE_DELETE} x create then delete a ConfigMap`, calls: CC.CREATE_DELETE, unit: "create+delete" },
  "concurrent-100-get-pod": { what: `${CC.CONCURRENT} GETs of one pod sent at once`, calls: CC.CONCURRENT, unit: "GET" },
  "list-500-pods": { what: "list of 500 pods (1.8 MB)", calls: 1, unit: "list" },
  "list-5000-pods": { what: "list of 5 000 pods (18 MB)", calls: 1, unit: "list" },
  "watch-2000": { what: "watch stream of 2 000 ADDED pod events, written in 64 KiB chunks", calls: 1, unit: "stream" },
  "watch-20000": { what: "watch stream of 20 000 ADDED pod events, written in 64 KiB chunks", calls: 1, unit: "stream" },
  "logs-10000-lines": { what: `one log of ${CC.LOG_LINES} lines (1 MB) streamed line by line, with each library's streaming API`, calls: 1, unit: "read" },
  "logs-10000-lines-whole": { what: `one log of ${CC.LOG_LINES} lines (1 MB) read whole, then split into lines`, calls: 1, unit: "read" },
};
