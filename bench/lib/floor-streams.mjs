// What the floor contenders share: lines from a body's chunks, counting a watch's events and a
// log's lines, and paging through a list. Each floor keeps only its own transport.
import { request } from "undici";

/** The lines of a body; `decode` turns a chunk into text (undici bodies with an encoding set give text). */
export async function* lines(chunks, decode = (chunk) => chunk) {
  let rest = "";
  for await (const chunk of chunks) {
    const parts = (rest + decode(chunk)).split("\n");
    rest = parts.pop();
    yield* parts;
  }
  if (rest) yield rest;
}

/** Counts the named objects of a watch until `want`, then aborts it; `open(signal)` gives the watch's lines. */
export async function countEvents(open, want) {
  const ac = new AbortController();
  const watchLines = await open(ac.signal);
  let n = 0;
  try {
    for await (const line of watchLines) {
      if (JSON.parse(line).object.metadata.name) n++;
      if (n === want) break;
    }
  } finally {
    ac.abort();
  }
  return n;
}

export async function countLines(iterable) {
  let n = 0;
  for await (const _ of iterable) n++;
  return n;
}

/** Counts every item of a paged list of config maps, following continue tokens. */
export async function countPaged(getJson, ns, limit) {
  let n = 0;
  let token = "";
  do {
    const page = await getJson(`/api/v1/namespaces/${ns}/configmaps?limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ""}`);
    n += page.items.length;
    token = page.metadata.continue ?? "";
  } while (token);
  return n;
}

/** The floor's streams on undici's request(): a watch and a log read line by line. */
export function undiciStreams(conn) {
  const open = async (path, headers, signal) => {
    const res = await request(`${conn.server}${path}`, { dispatcher: conn.dispatcher, headers, signal });
    res.body.setEncoding("utf8");
    return lines(res.body);
  };
  const textHeaders = { ...conn.headers, accept: "text/plain, */*" };
  return {
    watch: (path, want) => countEvents((signal) => open(`${path}?watch=true`, conn.headers, signal), want),
    logLines: async (ns, pod) => countLines(await open(`/api/v1/namespaces/${ns}/pods/${pod}/log`, textHeaders)),
  };
}
