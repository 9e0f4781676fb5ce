/**
 * exec, attach and portforward on pods: WebSocket sessions through the API server.
 */
import type { TimeoutInput } from "../client/timeout.js";
import type { QueryParams } from "../client/request.js";
import type { ResourceContext } from "../resource/context.js";
import { KubexTimeoutError, type Status } from "../errors.js";
import { channelProtocols } from "./channels.js";
import { readAll } from "../client/response.js";
import { StreamSession } from "./session.js";
import { PortForwarder, type PortForwardListener, type PortForwardSession } from "./portforward.js";

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

async function open(context: ResourceContext, name: string, sub: string, query: QueryParams, o: Common): Promise<StreamSession> {
  const connection = await context.client.connectWebSocket({
    path: context.objectPath(name, o.namespace, sub),
    query,
    protocols: channelProtocols,
    ...(o.requestTimeout !== undefined ? { timeout: o.requestTimeout } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  return new StreamSession(connection);
}

export class ExecAccessor {
  constructor(private readonly context: ResourceContext) {}

  /** An interactive session: write stdin, read stdout and stderr, resize, wait for the exit status. */
  stream(name: string, options: ExecStreamOptions): Promise<StreamSession> {
    return open(this.context, name, "exec", streamQuery(options), options);
  }

  /** Runs a command to completion and collects its output. */
  async run(name: string, options: ExecRunOptions): Promise<ExecResult> {
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
  stream(name: string, options: AttachOptions = {}): Promise<StreamSession> {
    return open(this.context, name, "attach", streamQuery(options), options);
  }
}

export class PortForwardAccessor {
  constructor(private readonly context: ResourceContext) {}

  /** One WebSocket carrying one byte stream (and one error stream) per remote port. */
  forward(name: string, options: { readonly ports: readonly number[]; readonly namespace?: string; readonly signal?: AbortSignal }): Promise<PortForwardSession> {
    return new PortForwarder(this.context, name, options.namespace).forward(options.ports, options.signal);
  }

  /** Loopback listeners, `{ remote: local }` (local 0 picks a free port); one session per accepted connection. */
  listen(name: string, options: { readonly portMap: Readonly<Record<number, number>>; readonly namespace?: string }): Promise<PortForwardListener> {
    return new PortForwarder(this.context, name, options.namespace).listen(options.portMap);
  }
}

export { StreamSession };
