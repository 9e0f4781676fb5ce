// In-process HTTPS servers for what a real API server will not do on demand.
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ClientConfiguration } from "../../../runtime/index.js";
import { testCerts } from "./certs.js";

export type Handler = (req: IncomingMessage & { body: string }, res: ServerResponse) => void;

export interface TestServer {
  readonly url: string;
  readonly requests: (IncomingMessage & { body: string })[];
  /** TLS connections accepted so far, and how many are open now. */
  readonly connections: { accepted: number; open: number; peakOpen: number };
  configuration(extra?: Partial<ClientConfiguration>): ClientConfiguration;
  close(): Promise<void>;
}

export async function startServer(handler: Handler, options: { requestCert?: boolean } = {}): Promise<TestServer> {
  const certs = testCerts();
  const requests: (IncomingMessage & { body: string })[] = [];
  const server: Server = createServer(
    { cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requestCert: options.requestCert ?? false, rejectUnauthorized: false },
    (req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const withBody = Object.assign(req, { body });
        requests.push(withBody);
        handler(withBody, res);
      });
    },
  );
  const connections = { accepted: 0, open: 0, peakOpen: 0 };
  server.on("secureConnection", (socket) => {
    connections.accepted++;
    connections.open++;
    connections.peakOpen = Math.max(connections.peakOpen, connections.open);
    socket.on("close", () => connections.open--);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    connections,
    configuration: (extra = {}) => ({ server: url, namespace: "default", tls: { ca: certs.ca }, ...extra }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
