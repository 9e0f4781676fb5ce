import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AlreadyExists, apiErrorFromResponse, Conflict, Invalid, KubexArgumentError, KubexConfigurationError,
  MAX_ERROR_MESSAGE_LENGTH, UnprocessableEntity,
} from "../../runtime/errors.js";

const status = (code: number, reason: string, message = "m") => JSON.stringify({ kind: "Status", code, reason, message });

describe("API error classes", () => {
  it("AlreadyExists is caught as the 409 class Conflict, with its own code", () => {
    const err = apiErrorFromResponse(409, status(409, "AlreadyExists"));
    assert.ok(err instanceof AlreadyExists);
    assert.ok(err instanceof Conflict);
    assert.equal(err.code, "KUBEX_ALREADY_EXISTS");
    const conflict = apiErrorFromResponse(409, status(409, "Conflict"));
    assert.ok(!(conflict instanceof AlreadyExists));
    assert.equal(conflict.code, "KUBEX_CONFLICT");
  });

  it("UnprocessableEntity is the class Invalid", () => {
    const err = apiErrorFromResponse(422, status(422, "Invalid"));
    assert.ok(err instanceof UnprocessableEntity);
    assert.equal(UnprocessableEntity, Invalid);
  });

  it("caps a huge server message in err.message and keeps it whole in err.body", () => {
    const huge = "x".repeat(20 * 1024 * 1024);
    const err = apiErrorFromResponse(500, status(500, "InternalError", huge));
    assert.ok(err.message.length < MAX_ERROR_MESSAGE_LENGTH + 100, `message is ${err.message.length} characters`);
    assert.equal(err.body.message?.length, huge.length);
  });

  it("a message or reason that is not a string does not leak into the message as an object", () => {
    const err = apiErrorFromResponse(500, JSON.stringify({ kind: "Status", reason: { a: 1 }, message: ["x"] }));
    assert.equal(err.message, "500: request failed");
  });
});

describe("KubexArgumentError", () => {
  it("names the argument, is a configuration error, and has its own code", () => {
    const err = new KubexArgumentError("options.requestTimeout", "must be a finite number of seconds ≥ 0");
    assert.ok(err instanceof KubexConfigurationError);
    assert.equal(err.code, "KUBEX_INVALID_ARGUMENT");
    assert.equal(err.argument, "options.requestTimeout");
    assert.match(err.message, /^options\.requestTimeout: /);
  });
});
