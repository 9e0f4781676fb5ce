/**
 * Timeouts in seconds. `total` bounds a whole request, `connect` the TCP and
 * TLS handshake, `read` the silence between two chunks of a response.
 * `null` disables that part; an absent part keeps the backend's default.
 */
export interface Timeout {
  readonly total?: number | null;
  readonly connect?: number | null;
  readonly read?: number | null;
}

/**
 * A timeout as callers write it: a `Timeout`, a number of total seconds, or
 * `null` for no timeout at all. `undefined` means "the client's default".
 */
export type TimeoutInput = Timeout | number | null;
