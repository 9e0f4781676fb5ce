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
