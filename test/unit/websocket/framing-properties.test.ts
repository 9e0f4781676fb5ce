// Channel framing as properties: any channel, any payload, any port.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { closeFrame, decodeFrame, encodeFrame, readPortPrefix, resizeFrame } from "../../../runtime/stream/channels.js";

const channel = fc.integer({ min: 0, max: 255 });
const payload = fc.uint8Array({ maxLength: 4096 });

test("decodeFrame inverts encodeFrame for any channel and any payload", () => {
  fc.assert(
    fc.property(channel, payload, (c, data) => {
      const frame = encodeFrame(c, data);
      assert.equal(frame.length, data.length + 1);
      assert.equal(frame[0], c);
      const decoded = decodeFrame(frame);
      assert.ok(decoded);
      assert.equal(decoded.channel, c);
      assert.deepEqual([...decoded.data], [...data]);
    }),
  );
});

test("encodeFrame inverts decodeFrame for any non-empty frame; the empty frame decodes to nothing", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 4096 }), (frame) => {
      const decoded = decodeFrame(frame)!;
      assert.deepEqual([...encodeFrame(decoded.channel, decoded.data)], [...frame]);
    }),
  );
  assert.equal(decodeFrame(new Uint8Array()), undefined);
});

test("the encoded frame does not alias the caller's payload", () => {
  fc.assert(
    fc.property(channel, fc.uint8Array({ minLength: 1 }), (c, data) => {
      const copy = Uint8Array.from(data);
      const frame = encodeFrame(c, data);
      frame.fill(0);
      assert.deepEqual(data, copy);
    }),
  );
});

test("the close signal is [255, channel] for any channel", () => {
  fc.assert(fc.property(channel, (c) => assert.deepEqual([...closeFrame(c)], [255, c])));
});

test("a port prefix is read back as the port, little-endian, with or without data after it", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 65535 }), fc.uint8Array({ maxLength: 64 }), (port, rest) => {
      const prefixed = Uint8Array.from([port & 0xff, port >> 8, ...rest]);
      assert.equal(readPortPrefix(prefixed), port);
    }),
  );
  fc.assert(fc.property(fc.uint8Array({ maxLength: 1 }), (short) => assert.equal(readPortPrefix(short), undefined)));
});

test("a resize frame is channel 4 and the JSON of the size", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), (width, height) => {
      const { channel: c, data } = decodeFrame(resizeFrame({ width, height }))!;
      assert.equal(c, 4);
      assert.deepEqual(JSON.parse(new TextDecoder().decode(data)), { Width: width, Height: height });
    }),
  );
});
