/**
 * Skips that cannot hide under CI. Outside CI a test that cannot run here is skipped
 * with its reason; under CI=true the same condition is a failure, because what CI
 * runs must not depend on the machine it runs on.
 */
import type { TestContext } from "node:test";

export const underCI = process.env.CI === "true";

/** In a test body: skips with the reason, or fails under CI. */
export function skipOrFail(t: TestContext, reason: string): void {
  if (underCI) throw new Error(`cannot skip under CI: ${reason}`);
  t.skip(reason);
}

/**
 * For the `skip` option of `test()`: the reason (or false) outside CI. Under CI a
 * reason throws while the file loads, which fails the file.
 */
export function skipOutsideCI(reason: string | false | undefined): string | false {
  if (reason && underCI) throw new Error(`cannot skip under CI: ${reason}`);
  return reason || false;
}
