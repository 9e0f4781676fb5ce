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
  if (status.reason === "NonZeroExitCode") {
    const cause = status.details?.causes?.find((c) => c.reason === "ExitCode");
    const code = cause?.message !== undefined ? Number.parseInt(cause.message, 10) : Number.NaN;
    return Number.isInteger(code) ? code : null;
  }
  const match = /exit status (\d+)\s*$/.exec(status.message ?? "");
  return match ? Number(match[1]) : null;
}
