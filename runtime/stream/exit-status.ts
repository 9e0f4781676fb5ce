/** The exit status the error channel reports when a process ends. */
import type { Status } from "../errors.js";

/**
 * 0 on `Success`; the integer from a `NonZeroExitCode` status; the code at the end
 * of an InternalError message `... exit status N` (how some kubelets, kwok among
 * them, report it); `null` when no exit information came, which is not success.
 */
export function exitCodeOf(status: Status | undefined): number | null {
  if (!status) return null;
  if (status.status === "Success") return 0;
  // The status is the server's JSON, checked only for its outcome: every other field may have any shape.
  if (status.reason === "NonZeroExitCode") {
    const causes: unknown = status.details?.causes;
    const cause = Array.isArray(causes) ? causes.find((c: unknown) => (c as { reason?: unknown } | null)?.reason === "ExitCode") as { message?: unknown } : undefined;
    return typeof cause?.message === "string" && /^\d+$/.test(cause.message) ? exitCode(cause.message) : null;
  }
  const match = typeof status.message === "string" ? /exit status (\d+)\s*$/.exec(status.message) : null;
  return match ? exitCode(match[1]!) : null;
}

const exitCode = (digits: string): number | null => (Number.isSafeInteger(Number(digits)) ? Number(digits) : null);
