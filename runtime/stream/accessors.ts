/**
 * exec, attach and portforward on pods: WebSocket sessions through the API server.
 */
import type { TimeoutInput } from "../client/timeout.js";
import type { QueryParams } from "../client/request.js";
import type { ResourceContext } from "../api/context.js";
import { KubexTimeoutError, type Status } from "../errors.js";
import { channelProtocols } from "./channels.js";
import { StreamSession } from "./session.js";
import { readAll } from "../util/read-all.js";
import { connect } from "./connect.js";
import { PortForwarder, type ForwardOptions, type ListenOptions, type PortForwardListener, type PortForwardSession } from "./portforward.js";
import { checkBoolean, checkCommand, checkContainer, checkOptions, checkSignal, checkStdinInput } from "./arguments.js";

interface Common {
  readonly namespace?: string;
  readonly container?: string;
  readonly signal?: AbortSignal;
  readonly requestTimeout?: TimeoutInput;
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
}

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  /** 0 on success, the process's exit code, or `null` when no exit information came (not success). */
  readonly exitCode: number | null;
  readonly status: Status | undefined;
}

function streamQuery(o: { command?: readonly string[]; container?: string; stdin?: boolean; tty?: boolean }): [string, string][] {
  const q: [string, string][] = (o.command ?? []).map((c) => ["command", c] as [string, string]);
  if (o.container !== undefined) q.push(["container", o.container]);
  if (o.stdin) q.push(["stdin", "true"]);
  q.push(["stdout", "true"]);
  if (!o.tty) q.push(["stderr", "true"]);
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
}

async function open(context: ResourceContext, name: string, subresource: "exec" | "attach", query: QueryParams, o: Common): Promise<StreamSession> {
  const connection = await connect({ context, name, namespace: o.namespace, subresource }, query, channelProtocols, o);
  return new StreamSession(connection, o.signal);
}

export class ExecAccessor {
  constructor(private readonly context: ResourceContext) {}

  /** An interactive session: write stdin, read stdout and stderr, resize, wait for the exit status. */
  async stream(name: string, options: ExecStreamOptions): Promise<StreamSession> {
    checkOptions(options);
    checkCommand(options.command);
    checkCommon(options);
    return open(this.context, name, "exec", streamQuery(options), options);
  }

  /** Runs a command to completion and collects its output. */
  async run(name: string, options: ExecRunOptions): Promise<ExecResult> {
    checkOptions(options);
    checkCommand(options.command);
    checkCommon(options, true);
    const session = await open(this.context, name, "exec", streamQuery({ ...options, stdin: options.stdin !== undefined }), options);
    const work = (async () => {
      if (options.stdin !== undefined) {
        await session.stdin.write(options.stdin);
        await session.stdin.end();
      }
      const [stdout, stderr] = await Promise.all([readAll(session.stdout), readAll(session.stderr)]);
      const { exitCode, status } = await session.waitForStatus();
      return { stdout, stderr, exitCode, status };
    })();
    const total = typeof options.requestTimeout === "number" ? options.requestTimeout : options.requestTimeout?.total;
    if (!total) return work;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void session.close();
        reject(new KubexTimeoutError(`exec in ${name}: no exit within ${total}s`));
      }, total * 1000);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface AttachOptions extends Common {
  readonly stdin?: boolean;
  readonly tty?: boolean;
}

export class AttachAccessor {
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

export { StreamSession };
