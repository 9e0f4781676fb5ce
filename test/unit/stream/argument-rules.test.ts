// Each check of exec, attach and port-forward arguments: the argument it names, the exact
// message (never quoting the value), its bounds, and the shapes it accepts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Writable } from "node:stream";
import { KubexArgumentError } from "../../../runtime/errors.js";
import {
  checkAddress, checkBoolean, checkBytes, checkCommand, checkContainer, checkInteger, checkOptions, checkPipeTargets,
  checkPortMap, checkRemotePorts, checkSignal, checkStdinInput, checkTerminalSize, maxForwardedPorts,
} from "../../../runtime/stream/arguments.js";

const refused = (argument: string, reason: string) => (e: unknown) =>
  e instanceof KubexArgumentError && e.argument === argument && e.message === `${argument}: ${reason}`;

describe("options objects", () => {
  for (const value of [undefined, null, "x", 1, [], true]) {
    it(`refuses ${JSON.stringify(value) ?? "undefined"}`, () => assert.throws(() => checkOptions(value), refused("options", "must be an options object")));
  }
  it("names the argument it was given", () => assert.throws(() => checkOptions(null, "size"), refused("size", "must be an options object")));
  it("accepts a plain object", () => assert.doesNotThrow(() => checkOptions({})));
});

describe("command", () => {
  const reason = 'must be a non-empty array of strings, e.g. ["sh", "-c", "ls"]';
  for (const value of [undefined, "ls", [], [1], ["ls", null], { 0: "ls", length: 1 }]) {
    it(`refuses ${JSON.stringify(value) ?? "undefined"}`, () => assert.throws(() => checkCommand(value), refused("command", reason)));
  }
  it("accepts one string and several", () => {
    assert.doesNotThrow(() => checkCommand(["ls"]));
    assert.doesNotThrow(() => checkCommand(["sh", "-c", "ls"]));
  });
});

describe("booleans, container, signal, address, stdin", () => {
  it("a boolean option is true, false or absent", () => {
    for (const ok of [true, false, undefined]) assert.doesNotThrow(() => checkBoolean(ok, "tty"));
    for (const bad of [1, "true", null]) assert.throws(() => checkBoolean(bad, "tty"), refused("tty", "must be true or false"));
  });
  it("container is a non-empty string or absent", () => {
    assert.doesNotThrow(() => checkContainer(undefined));
    assert.doesNotThrow(() => checkContainer("c"));
    for (const bad of ["", 3, null]) assert.throws(() => checkContainer(bad), refused("container", "must be a non-empty string"));
  });
  it("signal is an AbortSignal or absent", () => {
    assert.doesNotThrow(() => checkSignal(undefined));
    assert.doesNotThrow(() => checkSignal(new AbortController().signal));
    assert.throws(() => checkSignal({ aborted: false }), refused("signal", "must be an AbortSignal"));
    assert.throws(() => checkSignal(null, "options.signal"), refused("options.signal", "must be an AbortSignal"));
  });
  it("address is a non-empty string or absent", () => {
    assert.doesNotThrow(() => checkAddress(undefined));
    assert.doesNotThrow(() => checkAddress("::1"));
    for (const bad of ["", 7, null]) assert.throws(() => checkAddress(bad), refused("address", "must be a non-empty host name or IP address"));
  });
  it("exec.run's stdin is a string or bytes", () => {
    for (const ok of [undefined, "", "x", new Uint8Array(0), Buffer.from("x")]) assert.doesNotThrow(() => checkStdinInput(ok));
    for (const bad of [42, null, [1], new ArrayBuffer(1)]) assert.throws(() => checkStdinInput(bad), refused("stdin", "must be a string or a Uint8Array"));
  });
  it("data is bytes, or bytes or text where text is allowed", () => {
    assert.doesNotThrow(() => checkBytes(new Uint8Array(1), false));
    assert.doesNotThrow(() => checkBytes("x", true));
    assert.throws(() => checkBytes("x", false), refused("data", "must be a Uint8Array"));
    assert.throws(() => checkBytes(1, true), refused("data", "must be a Uint8Array or a string"));
  });
});

describe("integers and terminal sizes", () => {
  it("an integer within its bounds, both ends included", () => {
    for (const ok of [1, 2, 65534, 65535]) assert.doesNotThrow(() => checkInteger(ok, "n", 1, 65535));
    for (const bad of [0, 65536, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "1", null]) {
      assert.throws(() => checkInteger(bad, "n", 1, 65535), refused("n", "must be an integer from 1 to 65535"), String(bad));
    }
  });
  it("a terminal size: width and height from 1 to 65535", () => {
    assert.doesNotThrow(() => checkTerminalSize({ width: 1, height: 65535 }));
    assert.throws(() => checkTerminalSize(null), refused("size", "must be an options object"));
    assert.throws(() => checkTerminalSize({ width: 0, height: 1 }), refused("size.width", "must be an integer from 1 to 65535"));
    assert.throws(() => checkTerminalSize({ width: 1, height: 65536 }), refused("size.height", "must be an integer from 1 to 65535"));
  });
});

describe("remote ports", () => {
  it(`at most ${maxForwardedPorts}, each from 1 to 65535, none repeated`, () => {
    assert.equal(maxForwardedPorts, 128);
    assert.doesNotThrow(() => checkRemotePorts(Array.from({ length: 128 }, (_, i) => i + 1)));
    assert.doesNotThrow(() => checkRemotePorts([65535]));
    assert.throws(() => checkRemotePorts(Array.from({ length: 129 }, (_, i) => i + 1)), refused("ports", "at most 128 ports fit in one port-forward (two one-byte channels each)"));
    for (const bad of [undefined, [], "80", { length: 1 }]) assert.throws(() => checkRemotePorts(bad), refused("ports", "must be a non-empty array of port numbers"));
    assert.throws(() => checkRemotePorts([80, 0]), refused("ports[1]", "must be an integer from 1 to 65535"));
    assert.throws(() => checkRemotePorts([80, 81, 80]), refused("ports", "must not repeat a port"));
  });
});

describe("portMap", () => {
  it("gives the pairs in order, local 0 meaning any free port", () => {
    assert.deepEqual(checkPortMap({ 80: 0, 443: 8443 }), [[80, 0], [443, 8443]]);
    assert.deepEqual(checkPortMap({ 65535: 65535 }), [[65535, 65535]]);
  });
  it("several local 0 ports are allowed; a fixed local port twice is not", () => {
    assert.deepEqual(checkPortMap({ 80: 0, 81: 0 }), [[80, 0], [81, 0]]);
    assert.throws(() => checkPortMap({ 80: 9000, 81: 9000 }), refused("portMap", "must not bind one local port twice"));
  });
  it("refuses a map that is not an object, an empty map, bad keys and bad local ports", () => {
    assert.throws(() => checkPortMap(null), refused("portMap", "must be an options object"));
    assert.throws(() => checkPortMap({}), refused("portMap", "must map at least one remote port to a local port"));
    for (const key of ["x", "0", "080", "8o", "-1", "1.5"]) {
      assert.throws(() => checkPortMap({ [key]: 0 }), refused("portMap", "keys must be remote port numbers from 1 to 65535"), key);
    }
    assert.throws(() => checkPortMap({ 65536: 0 }), refused("portMap", "must be an integer from 1 to 65535"));
    assert.throws(() => checkPortMap({ 80: -1 }), refused("portMap[80]", "must be an integer from 0 to 65535"));
    assert.throws(() => checkPortMap({ 80: 65536 }), refused("portMap[80]", "must be an integer from 0 to 65535"));
    assert.throws(() => checkPortMap({ 80: "8080" }), refused("portMap[80]", "must be an integer from 0 to 65535"));
  });
});

describe("pipe targets", () => {
  const stdin = (async function* () {})();
  it("accepts absent targets, an async iterable stdin, WritableStreams and Node Writables", () => {
    assert.doesNotThrow(() => checkPipeTargets({}));
    assert.doesNotThrow(() => checkPipeTargets({ stdin, stdout: new WritableStream(), stderr: new Writable() }));
    assert.doesNotThrow(() => checkPipeTargets({ stdout: { write: () => true } }));
  });
  it("refuses io that is not an object", () => assert.throws(() => checkPipeTargets(null), refused("io", "must be an options object")));
  it("refuses a stdin that is not an async iterable", () => {
    const reason = "must be an async iterable of bytes or text (a Node Readable, a ReadableStream)";
    for (const bad of ["text", null, ["a"], { [Symbol.asyncIterator]: 1 }, 5]) assert.throws(() => checkPipeTargets({ stdin: bad }), refused("io.stdin", reason), String(bad));
  });
  it("refuses an output without write, or a Node Writable that is no longer writable", () => {
    const ended = new Writable();
    ended.destroy();
    for (const [argument, name] of [["io.stdout", "stdout"], ["io.stderr", "stderr"]] as const) {
      for (const bad of [null, {}, "x", { write: "no" }, ended]) {
        assert.throws(() => checkPipeTargets({ [name]: bad }), refused(argument, "must be a WritableStream or a Node Writable"), `${name} ${String(bad)}`);
      }
    }
  });
});
