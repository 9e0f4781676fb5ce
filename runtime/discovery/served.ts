/**
 * A one-time warning when an Api is used for a group/version the connected server
 * does not serve (a beta API the cluster leaves off, a CRD not installed, a version
 * removed by the server's release), before its requests fail with 404. One
 * `GET /apis` per client learns what the server serves; each group/version is
 * warned about at most once per client, through the client's warning handler.
 */
import type { BaseClient } from "../client/base-client.js";
import { lifecycle, type KindLifecycle } from "../lifecycle.js";
import { lifecycleReleases } from "../../generated/lifecycle.js";

/** Each served group's versions, by group name. */
type ServedGroups = ReadonlyMap<string, readonly string[]>;

interface ClientState {
  /** `undefined` when the server could not say (forbidden, unreachable, malformed): no warnings then. */
  readonly served: Promise<ServedGroups | undefined>;
  /** The check of each group/version asked about, settled once it has warned or not. */
  readonly checks: Map<string, Promise<void>>;
}

const perClient = new WeakMap<BaseClient, ClientState>();
const groupListRequest = { method: "GET", path: "/apis" } as const;

interface Identity {
  readonly apiVersion: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/**
 * A built-in kind in a GA version that every shipped release serves and none deprecates:
 * any server in the shipped range serves it (alpha and beta versions are off by default),
 * so asking would only cost a request.
 */
function servedEverywhere(version: string, known: KindLifecycle | undefined): boolean {
  return /^v\d+$/.test(version) && known !== undefined && known.removed === undefined && known.deprecated === undefined
    && known.served.first === lifecycleReleases[0] && known.served.last === lifecycleReleases[lifecycleReleases.length - 1];
}

/**
 * Checks, once per client and group/version, that the server serves the descriptor's
 * group/version, and reports a warning if not. Never throws and never delays the caller;
 * the promise settles when the check is done (the same one for every later call).
 */
export function checkServed(client: BaseClient, descriptor: Identity): Promise<void> {
  if (descriptor.group === "") return Promise.resolve(); // the core group is always served
  const known = lifecycle(descriptor.apiVersion, descriptor.kind);
  if (servedEverywhere(descriptor.version, known)) return Promise.resolve();
  let state = perClient.get(client);
  if (!state) {
    state = { served: servedGroups(client), checks: new Map() };
    perClient.set(client, state);
  }
  let check = state.checks.get(descriptor.apiVersion);
  if (!check) {
    check = state.served.then((groups) => {
      const versions = groups?.get(descriptor.group);
      if (groups === undefined || versions?.includes(descriptor.version)) return;
      client.reportWarning(unservedMessage(descriptor, versions ?? [], known), groupListRequest);
    });
    state.checks.set(descriptor.apiVersion, check);
  }
  return check;
}

/**
 * The check of a group/version that `checkServed` started for this client, without starting one.
 * @internal
 */
export function servedCheckOf(client: BaseClient, apiVersion: string): Promise<void> | undefined {
  return perClient.get(client)?.checks.get(apiVersion);
}

function unservedMessage(d: Identity, versions: readonly string[], known: KindLifecycle | undefined): string {
  const serves = versions.length > 0 ? `it serves ${versions.map((v) => `${d.group}/${v}`).join(", ")}` : `it serves no version of ${d.group}`;
  const dates = [known?.deprecated && `deprecated in Kubernetes ${known.deprecated}`, known?.removed && `removed in ${known.removed}`].filter(Boolean);
  const parts = [`the API server does not serve ${d.apiVersion} (used for ${d.kind}${dates.length > 0 ? `, ${dates.join(", ")}` : ""}): ${serves}`];
  if (known?.replacement !== undefined) parts.push(`use ${known.replacement.apiVersion} ${known.replacement.kind}`);
  return `${parts.join("; ")}.`;
}

/** The groups of `GET /apis`, or `undefined` when the server does not say. */
async function servedGroups(client: BaseClient): Promise<ServedGroups | undefined> {
  try {
    const response = await client.request(groupListRequest);
    const body = (await response.json()) as { groups?: unknown } | null;
    if (!Array.isArray(body?.groups)) return undefined;
    const groups = new Map<string, string[]>();
    for (const group of body.groups as { name?: unknown; versions?: { version?: unknown }[] }[]) {
      if (typeof group?.name !== "string" || !Array.isArray(group.versions)) return undefined;
      groups.set(group.name, group.versions.map((v) => v?.version).filter((v): v is string => typeof v === "string"));
    }
    return groups;
  } catch {
    // The warning is advice: a failed look-up (forbidden, closed client, unreachable) gives none.
    return undefined;
  }
}
