// Loopback TCP echo server, kwok's port-forward target: every byte received is
// sent back, and the end of the input ends the output. One process for all
// connections (a `command` target would leave one process per forwarded stream).
import { createServer } from "node:net";

const port = Number(process.argv[2]);
createServer((socket) => {
  socket.on("error", () => socket.destroy());
  socket.pipe(socket);
}).listen(port, "127.0.0.1", () => console.log(`echo server on 127.0.0.1:${port}`));
