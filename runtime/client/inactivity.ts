/** The `read` timeout of a backend that bounds the silence itself (the fetch backend): before the headers, or between two chunks. */
export class ReadTimeoutError extends Error {
  readonly code = "KUBEX_READ_TIMEOUT";
}
