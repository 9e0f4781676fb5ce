/**
 * Checks of the public arguments of exec, attach and port-forward, made before
 * anything is sent. Each failure is a `KubexArgumentError` naming the argument and
 * what it accepts, never quoting the value (a command line may carry a secret).
 */
import { KubexArgumentError } from "../errors.js";

/** The channel byte is one byte and each port takes two channels (data, error). */
export const maxForwardedPorts = 128;

export function checkOptions(value: unknown, argument = "options"): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new KubexArgumentError(argument, "must be an options object");
}

export function checkCommand(value: unknown): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every((part) => typeof part === "string")) {
    throw new KubexArgumentError("command", "must be a non-empty array of strings, e.g. [\"sh\", \"-c\", \"ls\"]");
  }
}

export function checkBoolean(value: unknown, argument: string): void {
  if (value !== undefined && typeof value !== "boolean") throw new KubexArgumentError(argument, "must be true or false");
}

export function checkContainer(value: unknown): void {
  if (value !== undefined && (typeof value !== "string" || value.length === 0)) throw new KubexArgumentError("container", "must be a non-empty string");
}

export function checkSignal(value: unknown, argument = "signal"): void {
  if (value !== undefined && !(value instanceof AbortSignal)) throw new KubexArgumentError(argument, "must be an AbortSignal");
}

export function checkInteger(value: unknown, argument: string, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new KubexArgumentError(argument, `must be an integer from ${min} to ${max}`);
  }
}

export function checkTerminalSize(size: unknown): void {
  checkOptions(size, "size");
  const { width, height } = size as { width?: unknown; height?: unknown };
  checkInteger(width, "size.width", 1, 65535);
  checkInteger(height, "size.height", 1, 65535);
}

/** Remote ports of one forward: 1 to 65535, no duplicates, at most `maxForwardedPorts`. */
export function checkRemotePorts(ports: unknown): void {
  if (!Array.isArray(ports) || ports.length === 0) throw new KubexArgumentError("ports", "must be a non-empty array of port numbers");
  if (ports.length > maxForwardedPorts) throw new KubexArgumentError("ports", `at most ${maxForwardedPorts} ports fit in one port-forward (two one-byte channels each)`);
  ports.forEach((port, i) => checkInteger(port, `ports[${i}]`, 1, 65535));
  if (new Set(ports).size !== ports.length) throw new KubexArgumentError("ports", "must not repeat a port");
}

/** `{ remote: local }` for `listen`: remote 1 to 65535, local 0 (any free port) to 65535, no local port twice. */
export function checkPortMap(portMap: unknown): [remote: number, local: number][] {
  checkOptions(portMap, "portMap");
  const entries = Object.entries(portMap as Record<string, unknown>);
  if (entries.length === 0) throw new KubexArgumentError("portMap", "must map at least one remote port to a local port");
  const pairs = entries.map(([remote, local]): [number, number] => {
    if (!/^[1-9]\d*$/.test(remote)) throw new KubexArgumentError("portMap", "keys must be remote port numbers from 1 to 65535");
    checkInteger(Number(remote), "portMap", 1, 65535);
    checkInteger(local, `portMap[${remote}]`, 0, 65535);
    return [Number(remote), local as number];
  });
  const fixed = pairs.map(([, local]) => local).filter((local) => local !== 0);
  if (new Set(fixed).size !== fixed.length) throw new KubexArgumentError("portMap", "must not bind one local port twice");
  return pairs;
}

export function checkAddress(value: unknown): void {
  if (value !== undefined && (typeof value !== "string" || value.length === 0)) throw new KubexArgumentError("address", "must be a non-empty host name or IP address");
}

export function checkStdinInput(value: unknown): void {
  if (value !== undefined && typeof value !== "string" && !(value instanceof Uint8Array)) throw new KubexArgumentError("stdin", "must be a string or a Uint8Array");
}

export function checkBytes(value: unknown, text: boolean): void {
  if (value instanceof Uint8Array || (text && typeof value === "string")) return;
  throw new KubexArgumentError("data", text ? "must be a Uint8Array or a string" : "must be a Uint8Array");
}

/** `pipe`'s targets: stdin an async iterable, each output a WHATWG WritableStream or a Node Writable. */
export function checkPipeTargets(io: unknown): void {
  checkOptions(io, "io");
  const { stdin, stdout, stderr } = io as Record<string, unknown>;
  if (stdin !== undefined && (typeof stdin !== "object" || stdin === null || typeof (stdin as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== "function")) {
    throw new KubexArgumentError("io.stdin", "must be an async iterable of bytes or text (a Node Readable, a ReadableStream)");
  }
  for (const [argument, sink] of [["io.stdout", stdout], ["io.stderr", stderr]] as const) {
    if (sink === undefined || sink instanceof WritableStream) continue;
    const writable = typeof sink === "object" && sink !== null && typeof (sink as { write?: unknown }).write === "function" && (sink as { writable?: unknown }).writable !== false;
    if (!writable) throw new KubexArgumentError(argument, "must be a WritableStream or a Node Writable");
  }
}
