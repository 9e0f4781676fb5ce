/**
 * Reads a live cluster's OpenAPI v3 documents (built-in groups and CRDs alike) through
 * kubex's own client, so every kubeconfig authentication kubex supports works here too.
 */
import {
  createClient,
  KubexApiError,
  KubexAuthenticationError,
  KubexConfigurationError,
  loadConfiguration,
  loadKubeconfig,
  NotFound,
  type KubeRequest,
  type KubeResponse,
} from "./kubex.js";
import type { SpecDocument } from "./load.js";

/**
 * What a cluster read needs of a client: kubex's `HttpClient` is one.
 *
 * @example
 * ```ts
 * import { fetchClusterSpec, type SpecClient } from "kubex-gen";
 *
 * // A kubex client, already configured, with each request it makes logged.
 * const logged: SpecClient = {
 *   request: (request) => (console.log(request.method, request.path), client.request(request)),
 * };
 * const documents = await fetchClusterSpec({ client: logged });
 * await client.close(); // a client given is the caller's to close
 * ```
 */
export interface SpecClient {
  request(request: KubeRequest): Promise<KubeResponse>;
}

/**
 * Which cluster to read, and how: a kubeconfig and context, or a client of the caller's.
 *
 * @example
 * ```ts
 * import { fetchClusterSpec, type ClusterSource } from "kubex-gen";
 *
 * const source: ClusterSource = { kubeconfig: "ci/kubeconfig.yaml", context: "kind-kubex" };
 * const documents = await fetchClusterSpec(source);
 * console.log(documents.map((d) => d.source)); // ["/openapi/v3/api/v1", "/openapi/v3/apis/apps/v1", ...]
 * ```
 */
export interface ClusterSource {
  /** A kubeconfig file; otherwise `KUBECONFIG` or `~/.kube/config`, else in a pod its service account, as kubectl. */
  readonly kubeconfig?: string;
  /** A context of that kubeconfig instead of its `current-context`. */
  readonly context?: string;
  /** A client to read with instead of one made from the kubeconfig (the caller closes it). */
  readonly client?: SpecClient;
}

/**
 * Why a cluster could not be read; `cause` is the kubex error, already free of secrets.
 *
 * @example
 * ```ts
 * import { ClusterSpecError, fetchClusterSpec, type ClusterFailure } from "kubex-gen";
 *
 * const hints: Record<ClusterFailure, string> = {
 *   configuration: "check the kubeconfig and the context",
 *   authentication: "log in to the cluster again",
 *   unreachable: "is the cluster running?",
 *   refused: "the account needs to read /openapi/v3",
 * };
 * try {
 *   await fetchClusterSpec();
 * } catch (error) {
 *   if (!(error instanceof ClusterSpecError)) throw error;
 *   console.error(`${error.message} (${hints[error.failure]})`);
 * }
 * ```
 */
export type ClusterFailure = "configuration" | "authentication" | "unreachable" | "refused";

/**
 * The cluster's spec could not be read: a bad kubeconfig or context, no answer, or a refusal.
 *
 * @example
 * ```ts
 * import { ClusterSpecError, fetchClusterSpec } from "kubex-gen";
 *
 * try {
 *   await fetchClusterSpec({ context: "staging" });
 * } catch (error) {
 *   // failure: "configuration", "authentication", "unreachable" or "refused"; cause: the kubex error.
 *   if (error instanceof ClusterSpecError) console.error(error.failure, error.message);
 *   else throw error;
 * }
 * ```
 */
export class ClusterSpecError extends Error {
  readonly failure: ClusterFailure;

  constructor(failure: ClusterFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ClusterSpecError";
    this.failure = failure;
  }
}

/** Group-versions fetched at once: enough to hide latency, few enough to spare the server. */
const concurrency = 6;

/**
 * The cluster's `/openapi/v3` group-version documents, in the order a dumped directory's
 * sorted file names give (`apis__apps__v1_openapi.json`), so both inputs generate the same.
 *
 * @example
 * ```ts
 * import { applyFixups, fetchClusterSpec, findResources, loadDocuments } from "kubex-gen";
 *
 * // What `generate({ cluster: {}, ... })` reads: the current context's built-in kinds and CRDs.
 * const spec = applyFixups(loadDocuments(await fetchClusterSpec()), "/openapi/v3");
 * console.log(findResources(spec).map((r) => `${r.group}/${r.version} ${r.kind}`));
 * ```
 */
export async function fetchClusterSpec(source: ClusterSource = {}): Promise<SpecDocument[]> {
  const owned = source.client === undefined ? await connect(source) : undefined;
  const client = source.client ?? owned!;
  const where = `${source.kubeconfig ?? "the kubeconfig"}${source.context === undefined ? "" : ` (context ${JSON.stringify(source.context)})`}`;
  try {
    const discovery = await read<{ paths?: Record<string, unknown> }>(client, "/openapi/v3", where);
    const groupVersions = Object.keys(discovery.paths ?? {}).sort(byFileName);
    if (groupVersions.length === 0) throw new ClusterSpecError("refused", `${where}: the server's /openapi/v3 lists no group-version`);
    const documents: (SpecDocument | undefined)[] = new Array(groupVersions.length);
    let next = 0;
    const worker = async () => {
      while (next < groupVersions.length) {
        const index = next++;
        const path = `/openapi/v3/${groupVersions[index]!}`;
        // A group removed since the listing (a CRD deleted meanwhile) is skipped, not fatal.
        const document = await read(client, path, where).catch((error: unknown) => {
          if (error instanceof ClusterSpecError && error.cause instanceof NotFound) return undefined;
          throw error;
        });
        if (document !== undefined) documents[index] = { source: path, document };
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, groupVersions.length) }, worker));
    return documents.filter((d): d is SpecDocument => d !== undefined);
  } finally {
    await owned?.close();
  }
}

/** The file name `fetch-spec.sh --cluster` saves a group-version under. */
const fileName = (groupVersion: string) => `${groupVersion.replace(/\//g, "__")}_openapi.json`;

function byFileName(a: string, b: string): number {
  const [x, y] = [fileName(a), fileName(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

async function connect(source: ClusterSource) {
  try {
    // Neither given: what kubectl does, the kubeconfig if there is one, else the pod's service account.
    const configuration =
      source.kubeconfig === undefined && source.context === undefined
        ? loadConfiguration()
        : loadKubeconfig({
            ...(source.kubeconfig === undefined ? {} : { path: source.kubeconfig }),
            ...(source.context === undefined ? {} : { context: source.context }),
          });
    return await createClient({ configuration });
  } catch (error) {
    throw classify(error);
  }
}

async function read<T = unknown>(client: SpecClient, path: string, where: string): Promise<T> {
  try {
    const response = await client.request({ method: "GET", path });
    return await response.json<T>();
  } catch (error) {
    throw classify(error, where);
  }
}

function classify(error: unknown, what?: string): ClusterSpecError {
  if (error instanceof ClusterSpecError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const failure: ClusterFailure =
    error instanceof KubexConfigurationError ? "configuration"
    : error instanceof KubexAuthenticationError ? "authentication"
    : error instanceof KubexApiError ? "refused"
    : "unreachable";
  const said = { configuration: "", authentication: "no credentials: ", unreachable: "the cluster did not answer: ", refused: "the cluster refused: " }[failure];
  return new ClusterSpecError(failure, `${what === undefined ? "" : `${what}: `}${said}${message}`, { cause: error });
}
