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

export interface ExecStreamOptions extends Common {
  readonly command: readonly string[];
  /** Open stdin (default false). */
  readonly stdin?: boolean;
  readonly tty?: boolean;
}

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

export interface AttachOptions extends Common {
  readonly stdin?: boolean;
  readonly tty?: boolean;
}

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

export interface PortForwardOptions extends ForwardOptions {
  readonly ports: readonly number[];
  readonly namespace?: string;
}

export interface PortForwardListenOptions extends ListenOptions {
  /** `{ remote: local }`; local 0 picks a free port. */
  readonly portMap: Readonly<Record<number, number>>;
  readonly namespace?: string;
}

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
