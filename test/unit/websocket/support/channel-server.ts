// An in-process API server that answers WebSocket upgrades for pods/<name>/<subresource>
// with whatever behaviour the test registered under <name>; pods named "v4-..." speak
// v4.channel.k8s.io only. It records every binary frame it receives, per pod.
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { Api, createClient, type Backend } from "../../../../runtime/index.js";
import { Pod } from "../../../../generated/k8s/v1_35/core/v1/index.js";
import { testCerts } from "../../support/certs.js";

export type Behaviour = (ws: WebSocket, url: URL) => void;

export interface ChannelServer {
  readonly url: string;
  /** Registers what the server does for upgrades to this pod. */
  on(pod: string, behaviour: Behaviour): void;
  /** Leaves upgrades to this pod unanswered (a handshake that never completes). */
  hang(pod: string): void;
  /** WebSocket upgrades answered so far. */
  upgrades(): number;
  /** Frames received from the client for this pod, in order. */
  received(pod: string): Buffer[];
  /** A typed pods Api on a new client of this server. */
  pods(backend: Backend, options?: object): Promise<{ pods: Api<typeof Pod>; close(): Promise<void> }>;
  close(): Promise<void>;
}

export const frame = (channel: number, payload: string | Uint8Array): Buffer => Buffer.concat([Buffer.of(channel), Buffer.from(payload)]);
export const statusFrame = (status: object): Buffer => frame(3, JSON.stringify(status));

/** Polls until `condition` holds (frames arrive after `send` resolves), failing after `ms`. */
export async function eventually(condition: () => boolean, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A port-forward server: opens both channels of the asked port with its number, then hands data frames to `onData`. */
export function portForwarding(onData: (ws: WebSocket, data: Buffer) => void): Behaviour {
  return (ws, url) => {
    const port = Number(url.searchParams.get("ports"));
    ws.send(Buffer.of(0, port & 0xff, port >> 8));
    ws.send(Buffer.of(1, port & 0xff, port >> 8));
    ws.on("message", (data: Buffer) => {
      if (data[0] === 0) onData(ws, data.subarray(1));
    });
  };
}

export async function startChannelServer(): Promise<ChannelServer> {
  const certs = testCerts();
  const behaviours = new Map<string, Behaviour>();
  const frames = new Map<string, Buffer[]>();
  const sockets = new Set<Duplex>();
  const https = createServer({ cert: certs.serverCert, key: certs.serverKey });
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols, req) => {
      const pod = new URL(req.url!, "https://x").pathname.split("/")[6]!;
      if (pod.startsWith("v4") && protocols.has("v4.channel.k8s.io")) return "v4.channel.k8s.io";
      return protocols.has("v5.channel.k8s.io") ? "v5.channel.k8s.io" : [...protocols][0]!;
    },
  });
  let upgrades = 0;
  const hanging = new Set<string>();
  https.on("upgrade", (req, socket, head) => {
    upgrades++;
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    const url = new URL(req.url!, "https://x");
    const pod = url.pathname.split("/")[6]!;
    if (hanging.has(pod)) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const log = frames.get(pod) ?? [];
      frames.set(pod, log);
      ws.on("message", (data: Buffer) => log.push(Buffer.from(data)));
      const behaviour = behaviours.get(pod);
      if (behaviour) behaviour(ws, url);
      else ws.close(1011, `no behaviour for ${pod}`);
    });
  });
  await new Promise<void>((r) => https.listen(0, "127.0.0.1", r));
  const url = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
  return {
    url,
    on: (pod, behaviour) => void behaviours.set(pod, behaviour),
    hang: (pod) => void hanging.add(pod),
    upgrades: () => upgrades,
    received: (pod) => frames.get(pod) ?? [],
    async pods(backend, options = {}) {
      const client = await createClient({ configuration: { server: url, namespace: "ns", tls: { ca: certs.ca }, token: "t0ken" }, options, backend });
      return { pods: new Api(Pod, { client }), close: () => client.close() };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      wss.close();
      await new Promise<void>((r) => https.close(() => r()));
    },
  };
}
