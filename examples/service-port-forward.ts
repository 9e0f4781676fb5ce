/**
 * `kubectl port-forward svc/web 8080:80` in a few lines, then the same port behind a
 * net.Server of your own (a forwarded port as a Node Duplex).
 * Usage: service-port-forward.ts SERVICE NAMESPACE
 */
import { connect, createServer, type AddressInfo } from "node:net";
import { pipeline } from "node:stream";
import { Api, createClient, portStreamDuplex } from "../runtime/index.js";
import { Pod, Service } from "../generated/k8s/v1_35/core/v1/index.js";

const [name = "web", namespace = "default"] = process.argv.slice(2);
await using client = await createClient();

function ask(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    socket.once("data", (data) => (resolve(data.toString()), socket.end()));
    socket.on("error", reject);
  });
}

// A Service port, mapped to the ready pod's container port as kubectl maps it.
const services = new Api(Service, { client, namespace });
await using listener = await services.portforward.listen(name, { portMap: { 80: 0 } });
console.log(`service ${name}:80 -> pod ${listener.target.pod}:${listener.target.ports.get(80)}`);
console.log(`reply via service: ${await ask(listener.ports[80]!, "ping")}`);

// The pod's port behind your own server: five lines with portStreamDuplex.
const pods = new Api(Pod, { client, namespace });
const server = createServer(async (socket) => {
  const session = await pods.portforward.forward(listener.target.pod, { ports: [listener.target.ports.get(80)!] });
  socket.on("close", () => void session.close());
  pipeline(socket, portStreamDuplex(session.ports.get(listener.target.ports.get(80)!)!), socket, () => undefined);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
console.log(`reply via own server: ${await ask((server.address() as AddressInfo).port, "pong")}`);
server.close();
