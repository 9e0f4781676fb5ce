/**
 * `kubectl cp` over exec and tar: `tar cf -` in the container streamed into the
 * local file system, and a local archive streamed into `tar xmf -`. The archive
 * is padded to whole tar records, so tar finishes at its end even where the
 * protocol cannot close stdin (v4.channel.k8s.io).
 */
import { lstat, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { posix } from "node:path";
import { Api } from "../api/api.js";
import type { BaseClient } from "../client/base-client.js";
import { capMessage, KubexArgumentError, KubexClientError, KubexError } from "../errors.js";
import { defineResource } from "../resource/descriptor.js";
import { extractEntry, localEntries, type SkippedEntry } from "./local-files.js";
import { readTar, writeTar } from "./tar.js";

const Pods = defineResource<unknown>()({ group: "", version: "v1", kind: "Pod", plural: "pods", namespaced: true, verbs: ["get"], subresources: ["exec"] });

/**
 * Which container a copy uses, its cancellation, and what to do with the entries it leaves out.
 *
 * @example
 * ```ts
 * const options: CopyOptions = { container: "app", signal: AbortSignal.timeout(60_000), onSkipped: (entry) => console.warn(`skipped ${entry.name}: ${entry.reason}`) };
 * await copyFromPod(client, "web-0", "/var/log/app", "./logs", options);
 * ```
 */
export interface CopyOptions {
  readonly namespace?: string;
  readonly container?: string;
  readonly signal?: AbortSignal;
  /** Called for every entry left out (links, devices, paths outside the target). */
  readonly onSkipped?: (entry: SkippedEntry) => void;
}

/**
 * What a copy left out, as kubectl warns about it.
 *
 * @example
 * ```ts
 * const result: CopyResult = await pods.cp.fromPod("web-0", "/etc/nginx", "./nginx-config");
 * for (const entry of result.skipped) console.warn(`not copied: ${entry.name} (${entry.reason})`);
 * ```
 */
export interface CopyResult {
  /** Entries left out, as kubectl warns about them. */
  readonly skipped: readonly SkippedEntry[];
}

/**
 * Failed copy: `tar` in the container exited with an error.
 *
 * @example
 * ```ts
 * try {
 *   await pods.cp.fromPod("web-0", "/no/such/file", "./file");
 * } catch (error) {
 *   if (error instanceof KubexCopyError) console.error(`tar exited with ${error.exitCode}: ${error.message}`);
 * }
 * ```
 */
export class KubexCopyError extends KubexClientError {
  readonly exitCode: number | null;
  constructor(message: string, exitCode: number | null, options?: { cause?: unknown }) {
    super(message, { code: "KUBEX_COPY", ...options });
    this.exitCode = exitCode;
  }
}

const MAX_STDERR = 64 * 1024;

function remotePathOf(path: string, argument: string): string {
  if (typeof path !== "string" || path === "" || path.includes("\0")) throw new KubexArgumentError(argument, "must be a non-empty path without NUL characters");
  return path;
}

/** The errno code of a file system error, for messages. */
const errnoOf = (error: unknown): string => (error as NodeJS.ErrnoException | null)?.code ?? String(error);

/** A remote name tar would read as an option (`--to-command=...`) is passed as `./name`. */
const tarOperand = (name: string): string => (name.startsWith("-") ? `./${name}` : name);

async function session(client: BaseClient, pod: string, command: string[], stdin: boolean, options: CopyOptions) {
  const pods = new Api(Pods, { client, ...(options.namespace !== undefined ? { namespace: options.namespace } : {}) });
  return pods.exec.stream(pod, {
    command,
    stdin,
    ...(options.container !== undefined ? { container: options.container } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** Reads stderr alongside stdout (so neither stalls the other), keeping at most MAX_STDERR bytes. */
async function drain(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) if (text.length < MAX_STDERR) text += decoder.decode(chunk, { stream: true });
  return text;
}

async function finish(s: { waitForStatus(): Promise<{ exitCode: number | null }> }, stderr: Promise<string>, what: string): Promise<void> {
  const [{ exitCode }, errors] = await Promise.all([s.waitForStatus(), stderr]);
  if (exitCode !== 0 && exitCode !== null) throw new KubexCopyError(`${what}: tar exited with ${exitCode}: ${capMessage(errors.trim(), 1024)}`, exitCode);
}

/**
 * Copies a file or directory out of a container, like `kubectl cp pod:remote local`:
 * into `local/<name>` when `local` is an existing directory, else to `local` itself.
 *
 * @example
 * ```ts
 * // kubectl cp default/web-0:/var/log/nginx ./nginx-logs -c nginx
 * await copyFromPod(client, "web-0", "/var/log/nginx", "./nginx-logs", { namespace: "default", container: "nginx" });
 * ```
 */
export async function copyFromPod(client: BaseClient, pod: string, remotePath: string, localPath: string, options: CopyOptions = {}): Promise<CopyResult> {
  const remote = remotePathOf(remotePath, "remotePath");
  const target = (await stat(localPath).catch(() => undefined))?.isDirectory() ? join(localPath, posix.basename(remote)) : localPath;
  const s = await session(client, pod, ["tar", "cf", "-", "-C", posix.dirname(remote), tarOperand(posix.basename(remote))], false, options);
  const skipped: SkippedEntry[] = [];
  try {
    const stderr = drain(s.stderr);
    stderr.catch(() => undefined);
    await readTar(s.stdout, async (entry, data) => {
      const skip = await extractEntry(entry, data, target).catch((error: unknown) => {
        // The session's own errors (abort, lost connection) pass as they are; file system errors are typed here.
        if (error instanceof KubexError) throw error;
        throw new KubexCopyError(`copy from ${pod}:${remote}: cannot write under ${target} (${errnoOf(error)})`, null, { cause: error });
      });
      if (skip) (skipped.push(skip), options.onSkipped?.(skip));
    });
    await finish(s, stderr, `copy from ${pod}:${remote}`);
  } finally {
    await s.close();
  }
  return { skipped };
}

/**
 * Copies a local file or directory into a container, like `kubectl cp local pod:remote`:
 * to `remote` itself, or into it when `remote` ends with `/`.
 *
 * @example
 * ```ts
 * // kubectl cp ./dist default/web-0:/usr/share/nginx/html/
 * await copyToPod(client, "web-0", "./dist", "/usr/share/nginx/html/", { namespace: "default" });
 * ```
 */
export async function copyToPod(client: BaseClient, pod: string, localPath: string, remotePath: string, options: CopyOptions = {}): Promise<CopyResult> {
  const remote = remotePathOf(remotePath, "remotePath");
  const intoDirectory = remote.endsWith("/");
  const directory = intoDirectory ? remote : posix.dirname(remote);
  const name = intoDirectory ? basename(localPath) : posix.basename(remote);
  const skipped: SkippedEntry[] = [];
  // Checked before the session opens: the entries are read only as the archive is sent.
  await lstat(localPath).catch((error: unknown) => {
    throw new KubexArgumentError("localPath", `cannot be read (${errnoOf(error)})`, { cause: error });
  });
  const entries = localEntries(localPath, name, skipped);
  const s = await session(client, pod, ["tar", "xmf", "-", "-C", directory], true, options);
  try {
    const stderr = drain(s.stderr);
    stderr.catch(() => undefined);
    const stdout = drain(s.stdout);
    stdout.catch(() => undefined);
    for await (const chunk of writeTar(entries)) await s.stdin.write(chunk);
    // tar stops at the archive's end by itself and may have exited, closing the session,
    // before the close signal goes out: its exit status below says how the copy went.
    await s.stdin.end().catch(() => undefined);
    await finish(s, stderr, `copy to ${pod}:${remote}`);
  } finally {
    await s.close();
  }
  for (const skip of skipped) options.onSkipped?.(skip);
  return { skipped };
}
