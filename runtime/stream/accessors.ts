/**
 * exec, attach and portforward on pods: WebSocket sessions through the API server.
 */
import type { TimeoutInput } from "../client/timeout.js";
import type { QueryParams } from "../client/request.js";
import type { ResourceContext } from "../resource/context.js";
import { KubexArgumentError } from "../errors.js";
import { channelProtocols } from "./channels.js";
import { StreamSession, type SessionChannels } from "./session.js";
import { defaultMaxOutputBytes, runToExit, type ExecResult } from "./run.js";
import { connect } from "./connect.js";
import { PortForwarder, type ForwardOptions, type ListenOptions, type PortForwardListener, type PortForwardSession } from "./portforward.js";
import { checkBoolean, checkCommand, checkContainer, checkInteger, checkOptions, checkSignal, checkStdinInput } from "./arguments.js";

interface Common {
  readonly namespace?: string;
  readonly container?: string;
  readonly signal?: AbortSignal;
  readonly requestTimeout?: TimeoutInput;
  /** Request the process's stdout (default true); switched off, `stdout` ends at once. */
  readonly stdout?: boolean;
  /** Request stderr (default true; a tty merges it into stdout). */
  readonly stderr?: boolean;
}

/**
 * What an interactive exec runs, and which streams it opens.
 *
 * @example
 * ```ts
 * const options: ExecStreamOptions = { command: ["sh"], container: "app", stdin: true, tty: true };
 * await using session = await pods.exec.stream("web-0", options);
 * ```
 */
export interface ExecStreamOptions extends Common {
  readonly command: readonly string[];
  /** Open stdin (default false). */
  readonly stdin?: boolean;
  readonly tty?: boolean;
}

/**
 * What `exec.run` runs, what it feeds to stdin, and how it returns the output.
 *
 * @example
 * ```ts
 * const options: ExecRunOptions = { command: ["psql", "-f", "-"], stdin: "select 1;", container: "db", requestTimeout: 60 };
 * const { stdout, exitCode } = await pods.exec.run("postgres-0", options);
 * ```
 */
export interface ExecRunOptions extends Common {
  readonly command: readonly string[];
  /** Bytes or text for the process's stdin, which is then closed. */
  readonly stdin?: Uint8Array | string;
  /**
   * Most bytes of stdout and stderr together that `run` collects (default 64 MiB);
   * more closes the session and rejects with `KUBEX_OUTPUT_TOO_LARGE`. `null` lifts the cap.
   */
  readonly maxOutputBytes?: number | null;
  /** `"utf8"` (default): output as text; `"buffer"`: output as `Uint8Array`, every byte kept (tar, images). */
  readonly encoding?: "utf8" | "buffer";
}

function channelsOf(o: { tty?: boolean; stdout?: boolean; stderr?: boolean }): SessionChannels {
  return { stdout: o.stdout !== false, stderr: !o.tty && o.stderr !== false };
}

function streamQuery(o: { command?: readonly string[]; container?: string; stdin?: boolean; tty?: boolean; stdout?: boolean; stderr?: boolean }): [string, string][] {
  const q: [string, string][] = (o.command ?? []).map((c) => ["command", c] as [string, string]);
  const channels = channelsOf(o);
  if (o.container !== undefined) q.push(["container", o.container]);
  if (o.stdin) q.push(["stdin", "true"]);
  if (channels.stdout) q.push(["stdout", "true"]);
  if (channels.stderr) q.push(["stderr", "true"]);
  if (o.tty) q.push(["tty", "true"]);
  return q;
}

/** Checks what exec and attach share; `command` and the exec-only options are checked by the caller. */
function checkCommon(o: Common & { stdin?: unknown; tty?: unknown }, stdinIsInput = false): void {
  checkContainer(o.container);
  checkSignal(o.signal);
  if (stdinIsInput) checkStdinInput(o.stdin);
  else checkBoolean(o.stdin, "stdin");
  checkBoolean(o.tty, "tty");
  checkBoolean(o.stdout, "stdout");
  checkBoolean(o.stderr, "stderr");
  const stdin = stdinIsInput ? o.stdin !== undefined : o.stdin === true;
  if (!stdin && o.stdout === false && (o.stderr === false || o.tty === true)) {
    throw new KubexArgumentError("stdout", "stdin, stdout and stderr cannot all be off; the server needs at least one stream");
  }
}

async function open(context: ResourceContext, name: string, subresource: "exec" | "attach", query: QueryParams, o: Common & { tty?: boolean }): Promise<StreamSession> {
  const connection = await connect({ context, name, namespace: o.namespace, subresource }, query, channelProtocols, o);
  return new StreamSession(connection, o.signal, channelsOf(o));
}

/**
 * `kubectl exec`: run a command to completion (`run`) or hold an interactive session (`stream`).
 *
 * @example
 * ```ts
 * // kubectl exec web-0 -- cat /etc/os-release
 * const result = await pods.exec.run("web-0", { command: ["cat", "/etc/os-release"] });
 * if (result.exitCode !== 0) throw new Error(result.stderr);
 * console.log(result.stdout);
 *
 * // bytes, every one kept
 * const archive = await pods.exec.run("web-0", { command: ["tar", "cf", "-", "/data"], encoding: "buffer" });
 * ```
 */
export class ExecAccessor {
  /** @internal Each Api makes its own. */
  constructor(private readonly context: ResourceContext) {}

  /** An interactive session: write stdin, read stdout and stderr, resize, wait for the exit status. */
  async stream(name: string, options: ExecStreamOptions): Promise<StreamSession> {
    checkOptions(options);
    checkCommand(options.command);
    checkCommon(options);
    return open(this.context, name, "exec", streamQuery(options), options);
  }

  /** Runs a command to completion and collects its output (as bytes with `encoding: "buffer"`). */
  run(name: string, options: ExecRunOptions & { readonly encoding: "buffer" }): Promise<ExecResult<Uint8Array>>;
  run(name: string, options: ExecRunOptions & { readonly encoding?: "utf8" }): Promise<ExecResult<string>>;
  run(name: string, options: ExecRunOptions): Promise<ExecResult<string> | ExecResult<Uint8Array>>;
  async run(name: string, options: ExecRunOptions): Promise<ExecResult<string> | ExecResult<Uint8Array>> {
    checkOptions(options);
    checkCommand(options.command);
    checkCommon(options, true);
    if (options.encoding !== undefined && options.encoding !== "utf8" && options.encoding !== "buffer") throw new KubexArgumentError("encoding", 'must be "utf8" or "buffer"');
    if (options.maxOutputBytes !== undefined && options.maxOutputBytes !== null) checkInteger(options.maxOutputBytes, "maxOutputBytes", 0, Number.MAX_SAFE_INTEGER);
    const session = await open(this.context, name, "exec", streamQuery({ ...options, stdin: options.stdin !== undefined }), options);
    return runToExit(session, {
      what: `exec in ${name}`,
      stdin: options.stdin,
      encoding: options.encoding ?? "utf8",
      maxOutputBytes: options.maxOutputBytes === undefined ? defaultMaxOutputBytes : options.maxOutputBytes,
      total: typeof options.requestTimeout === "number" ? options.requestTimeout : options.requestTimeout?.total,
    });
  }
}

/**
 * Which streams an attach opens to the running process.
 *
 * @example
 * ```ts
 * const options: AttachOptions = { container: "app", stdin: true, tty: true };
 * await using session = await pods.attach.stream("web-0", options);
 * ```
 */
export interface AttachOptions extends Common {
  readonly stdin?: boolean;
  readonly tty?: boolean;
}

/**
 * `kubectl attach`: the streams of a container's running process.
 *
 * @example
 * ```ts
 * await using session = await pods.attach.stream("web-0", { stdin: true, tty: true });
 * await session.stdin.write("ls\n");
 * for await (const chunk of session.stdout) process.stdout.write(chunk);
 * ```
 */
export class AttachAccessor {
  /** @internal Each Api makes its own. */
  constructor(private readonly context: ResourceContext) {}

  /** Attaches to the running container's process. */
  async stream(name: string, options: AttachOptions = {}): Promise<StreamSession> {
    checkOptions(options);
    checkCommon(options);
    return open(this.context, name, "attach", streamQuery(options), options);
  }
}

/**
 * The pod ports one port-forward session carries.
 *
 * @example
 * ```ts
 * const options: PortForwardOptions = { ports: [5432], signal: AbortSignal.timeout(600_000) };
 * await using session = await pods.portforward.forward("postgres-0", options);
 * ```
 */
export interface PortForwardOptions extends ForwardOptions {
  readonly ports: readonly number[];
  readonly namespace?: string;
}

/**
 * Local listeners for pod ports: `{ remote: local }`, local 0 for a free port.
 *
 * @example
 * ```ts
 * const options: PortForwardListenOptions = { portMap: { 8080: 0, 9090: 19090 }, address: "127.0.0.1" };
 * await using listener = await pods.portforward.listen("web-0", options);
 * console.log(listener.ports[8080]);
 * ```
 */
export interface PortForwardListenOptions extends ListenOptions {
  /** `{ remote: local }`; local 0 picks a free port. */
  readonly portMap: Readonly<Record<number, number>>;
  readonly namespace?: string;
}

/**
 * `kubectl port-forward` to a pod: local listeners (`listen`) or the byte streams themselves (`forward`).
 *
 * @example
 * ```ts
 * // kubectl port-forward web-0 :8080
 * await using listener = await pods.portforward.listen("web-0", { portMap: { 8080: 0 } });
 * const response = await fetch(`http://127.0.0.1:${listener.ports[8080]}/healthz`);
 * ```
 */
export class PortForwardAccessor {
  /** @internal Each Api makes its own. */
  constructor(private readonly context: ResourceContext) {}

  /** One WebSocket carrying one byte stream (and one error stream) per remote port. */
  async forward(name: string, options: PortForwardOptions): Promise<PortForwardSession> {
    checkOptions(options);
    return new PortForwarder(this.context, name, options.namespace).forward(options.ports, options);
  }

  /** Listeners on `address` (default 127.0.0.1), one session per accepted connection; `signal` closes them. */
  async listen(name: string, options: PortForwardListenOptions): Promise<PortForwardListener> {
    checkOptions(options);
    return new PortForwarder(this.context, name, options.namespace).listen(options.portMap, options);
  }
}

export { StreamSession, type ExecResult };
