// The channel framing, byte for byte: what goes on the wire for data, the v5 close signal,
// a resize, and how a frame and a port prefix are read back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Channel, channelProtocols, closeFrame, decodeFrame, encodeFrame, portForwardProtocols, readPortPrefix, resizeFrame } from "../../../runtime/stream/channels.js";

test("the protocols offered: v5 first, then v4; port-forward speaks v4 only", () => {
  assert.deepEqual([...channelProtocols], ["v5.channel.k8s.io", "v4.channel.k8s.io"]);
  assert.deepEqual([...portForwardProtocols], ["v4.channel.k8s.io"]);
  assert.deepEqual({ ...Channel }, { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 });
});

test("a data frame is its channel byte, then the data; an empty payload is the channel byte alone", () => {
  assert.deepEqual([...encodeFrame(2, Uint8Array.of(7, 8, 9))], [2, 7, 8, 9]);
  assert.deepEqual([...encodeFrame(0, new Uint8Array(0))], [0]);
});

test("the close signal is [255, channel]", () => {
  assert.deepEqual([...closeFrame(Channel.stdin)], [255, 0]);
  assert.deepEqual([...closeFrame(3)], [255, 3]);
});

test("decodeFrame: an empty frame is nothing; else the first byte is the channel and the rest is the data", () => {
  assert.equal(decodeFrame(new Uint8Array(0)), undefined);
  const one = decodeFrame(Uint8Array.of(1));
  assert.equal(one?.channel, 1);
  assert.deepEqual([...one!.data], []);
  const frame = decodeFrame(Uint8Array.of(2, 104, 105));
  assert.equal(frame?.channel, 2);
  assert.equal(new TextDecoder().decode(frame!.data), "hi");
});

test("a resize is channel 4 with {Width, Height} as JSON", () => {
  const frame = resizeFrame({ width: 120, height: 40 });
  assert.equal(frame[0], 4);
  assert.equal(new TextDecoder().decode(frame.subarray(1)), '{"Width":120,"Height":40}');
});

test("readPortPrefix: two little-endian bytes; fewer than two is no prefix", () => {
  assert.equal(readPortPrefix(new Uint8Array(0)), undefined);
  assert.equal(readPortPrefix(Uint8Array.of(0x50)), undefined);
  assert.equal(readPortPrefix(Uint8Array.of(0x50, 0x1f)), 8016);
  assert.equal(readPortPrefix(Uint8Array.of(0xff, 0xff, 0x01)), 65535);
  assert.equal(readPortPrefix(Uint8Array.of(0x00, 0x01)), 256);
});
