/**
 * Every object of a collection, page by page, following `continue` tokens.
 *
 * A continue token expires when etcd compacts the revision the list started at
 * (410 `Expired`). The list then goes on as well as it can, and says so in
 * docs/reading-and-writing.md:
 * - with the fresh token the server offers in that Status (`metadata.continue`),
 *   the remaining pages come from the latest state, not the first page's;
 * - with none, the list starts again and skips the objects already yielded (by uid).
 * Either way no object is yielded twice. A 410 on the first page is the caller's.
 */
import { Gone, KubexProtocolError } from "../errors.js";
import type { KubernetesObject, ObjectList } from "./meta.js";

/** Recoveries from expired tokens in one listing before the 410 is handed on. */
const maxRecoveries = 5;

/** Lists one page; `token` is the continue token, undefined for the first page. */
export type PageReader<T> = (token: string | undefined) => Promise<ObjectList<T>>;

/** The object's identity across lists: its uid, else namespace and name. */
function identity(object: KubernetesObject): string {
  const m = object.metadata;
  return m?.uid || `${m?.namespace ?? ""}/${m?.name ?? ""}`;
}

export async function* pages<T extends KubernetesObject>(read: PageReader<T>, listKind: string): AsyncGenerator<T> {
  const yielded = new Set<string>();
  const seen = new Set<string>();
  let token: string | undefined;
  let recoveries = 0;
  let skipping = false;
  for (;;) {
    let page: ObjectList<T>;
    try {
      page = await read(token);
    } catch (error) {
      if (!(error instanceof Gone) || token === undefined || ++recoveries > maxRecoveries) throw error;
      const offered = error.body.metadata?.continue;
      token = typeof offered === "string" && offered !== "" ? offered : undefined;
      // A new list hands out new tokens; the guard against repeats is per list.
      if (token === undefined) seen.clear();
      // The same objects may come again: from a new list, or around the fresh token's start.
      skipping = true;
      continue;
    }
    for (const item of page.items) {
      const id = identity(item);
      if (skipping && yielded.has(id)) continue;
      yielded.add(id);
      yield item;
    }
    token = page.metadata.continue || undefined;
    if (token === undefined) return;
    // A server that hands back a token it already gave would make this loop forever.
    if (seen.has(token)) throw new KubexProtocolError(`listAll ${listKind}: the server repeated a continue token it had already returned`);
    seen.add(token);
  }
}
