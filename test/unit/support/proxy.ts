// An in-process HTTP CONNECT proxy that tunnels, or refuses with 407 when credentials do not match.
import { createServer, type IncomingMessage } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

export interface TestProxy {
  readonly url: (userinfo?: string) => string;
  /** The Proxy-Authorization header of each CONNECT, as received. */
  readonly seen: (string | undefined)[];
  close(): Promise<void>;
}

export async function startProxy(options: { requireAuthorization?: string } = {}): Promise<TestProxy> {
  const seen: (string | undefined)[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req: IncomingMessage, client: Socket) => {
    sockets.add(client);
    const auth = req.headers["proxy-authorization"];
    seen.push(auth);
    if (options.requireAuthorization !== undefined && auth !== options.requireAuthorization) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host!, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (userinfo) => `http://${userinfo ? `${userinfo}@` : ""}127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
