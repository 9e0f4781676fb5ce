// Preloaded (--import) into every test process by run.mjs. It counts the tests a file defines
// (test, it, describe, suite and t.test calls) as they are created, and writes the count
// synchronously when the process exits, also on process.exit() and after an uncaught error.
// That count does not travel through the runner's report stream, so a report cut short cannot
// also cut the number it is checked against.
//
// node:test's tests and suites are async resources of type "Test": an init hook sees each one
// as it is constructed, without wrapping test() (a wrapper would change the file and line the
// runner reports for each test). Hooks (before, after...) are TestHook instances, the root has
// no parent; neither is a test.
import { createHook } from "node:async_hooks";
import { closeSync, openSync, writeSync } from "node:fs";

const census = process.env.KUBEX_TEST_CENSUS;
// Only the process that runs one file's tests counts: the runner's own process defines none.
const file = process.env.NODE_TEST_CONTEXT ? process.argv[1] : undefined;
if (census && file) {
  const created = [];
  createHook({
    init(_id, type, _trigger, resource) {
      if (type === "Test") created.push(resource);
    },
  }).enable();
  process.on("exit", (code) => {
    const defined = created.filter((t) => (t.constructor.name === "Test" || t.constructor.name === "Suite") && t.parent != null).length;
    const fd = openSync(census, "a");
    writeSync(fd, `${JSON.stringify({ file, defined, code })}\n`);
    closeSync(fd);
  });
}
