// Channel framing, byte for byte, with no socket involved.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bearerSubprotocol } from "../../../runtime/client/platform/web.js";
import { closeFrame, decodeFrame, encodeFrame, resizeFrame } from "../../../runtime/stream/channels.js";
import { exitCodeOf } from "../../../runtime/stream/exit-status.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

test("frames are one channel byte then the payload", () => {
  assert.equal(hex(encodeFrame(0, new TextEncoder().encode("hi\n"))), "0068690a");
  assert.equal(hex(encodeFrame(2, new Uint8Array())), "02");
  assert.equal(hex(closeFrame(0)), "ff00");
  assert.equal(hex(resizeFrame({ width: 80, height: 24 })), `04${Buffer.from('{"Width":80,"Height":24}').toString("hex")}`);
  assert.deepEqual(decodeFrame(Uint8Array.from([1, 0x61, 0x62])), { channel: 1, data: Uint8Array.from([0x61, 0x62]) });
  assert.equal(decodeFrame(new Uint8Array()), undefined);
});

test("exit codes from the error channel's Status", () => {
  assert.equal(exitCodeOf({ status: "Success" }), 0);
  assert.equal(exitCodeOf({ status: "Failure", reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "3" }] } }), 3);
  assert.equal(exitCodeOf({ status: "Failure", reason: "InternalError", message: "error executing command in container: cmd wait: sh -c exit 3: exit status 3" }), 3);
  assert.equal(exitCodeOf({ status: "Failure", reason: "InternalError", message: "container not found" }), null);
  assert.equal(exitCodeOf(undefined), null);
});

test("the bearer token subprotocol is base64url without padding", () => {
  assert.equal(bearerSubprotocol("ab?"), "base64url.bearer.authorization.k8s.io.YWI_");
});
