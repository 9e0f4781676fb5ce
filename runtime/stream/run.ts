/**
 * `exec.run`: feeds stdin, collects both outputs within a byte budget (as text or
 * bytes), waits for the exit status, all within the call's total timeout.
 */
import { KubexClientError, KubexTimeoutError, type Status } from "../errors.js";
import { readAll, readAllBytes, type ByteBudget } from "../util/read-all.js";
import type { StreamSession } from "./session.js";

/**
 * What `exec.run` gives back: both outputs, the exit code and the server's Status.
 *
 * @example
 * ```ts
 * const result: ExecResult = await pods.exec.run("web-0", { command: ["nginx", "-t"] });
 * if (result.exitCode !== 0) console.error(`nginx -t failed (${result.exitCode}): ${result.stderr}`);
 * ```
 */
export interface ExecResult<Output extends string | Uint8Array = string> {
  readonly stdout: Output;
  readonly stderr: Output;
  /** 0 on success, the process's exit code, or `null` when no exit information came (not success). */
  readonly exitCode: number | null;
  readonly status: Status | undefined;
}

export const defaultMaxOutputBytes = 64 * 1024 * 1024;

export interface RunPlan {
  readonly what: string;
  readonly stdin: Uint8Array | string | undefined;
  readonly encoding: "utf8" | "buffer";
  /** `null`: no cap. */
  readonly maxOutputBytes: number | null;
  /** Seconds; null, undefined or 0: no total. */
  readonly total: number | null | undefined;
}

function outputBudget(cap: number | null): ByteBudget {
  let used = 0;
  return {
    take(bytes) {
      used += bytes;
      if (cap !== null && used > cap) {
        throw new KubexClientError(`exec: the output exceeds ${cap} bytes (ExecRunOptions.maxOutputBytes; null lifts the cap)`, { code: "KUBEX_OUTPUT_TOO_LARGE" });
      }
    },
  };
}

export async function runToExit(session: StreamSession, plan: RunPlan): Promise<ExecResult<string> | ExecResult<Uint8Array>> {
  const budget = outputBudget(plan.maxOutputBytes);
  const read = plan.encoding === "buffer" ? readAllBytes : readAll;
  const work = (async () => {
    if (plan.stdin !== undefined) {
      await session.stdin.write(plan.stdin);
      await session.stdin.end();
    }
    const [stdout, stderr] = await Promise.all([read(session.stdout, budget), read(session.stderr, budget)]);
    const { exitCode, status } = await session.waitForStatus();
    return { stdout, stderr, exitCode, status } as ExecResult<string> | ExecResult<Uint8Array>;
  })();
  // Any failure (the cap, the timeout below) leaves no session behind.
  work.catch(() => void session.close());
  if (!plan.total) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void session.close();
      reject(new KubexTimeoutError(`${plan.what}: no exit within ${plan.total}s`));
    }, plan.total! * 1000);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
