/** Runs a command in a pod, then forwards a local port to it. */
import { connect } from "node:net";
import { Api, createClient } from "../runtime/index.js";
import { Pod } from "../generated/k8s/v1_35/core/v1/index.js";

const [name = "web", namespace = "default"] = process.argv.slice(2);
await using client = await createClient();
const pods = new Api(Pod, { client, namespace });

const result = await pods.exec.run(name, { command: ["sh", "-c", "echo hello from $(hostname); exit 2"] });
console.log(`stdout: ${result.stdout.trim()}  exit code: ${result.exitCode}`);

await using listener = await pods.portforward.listen(name, { portMap: { 8080: 0 } });
const local = listener.ports[8080]!;
console.log(`forwarding 127.0.0.1:${local} -> ${name}:8080`);
const reply = await new Promise<string>((resolve, reject) => {
  const socket = connect(local, "127.0.0.1", () => socket.write("ping\n"));
  socket.once("data", (data) => {
    resolve(data.toString());
    socket.end();
  });
  socket.on("error", reject);
});
console.log(`reply: ${reply.trim()}`);
