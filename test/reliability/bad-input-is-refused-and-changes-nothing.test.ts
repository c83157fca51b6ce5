// Bad input, from the practice of the Standard Webhooks, Stripe and Octokit test suites: each
// request gets its documented 4xx, and nothing observable changes — deployment rows, audit
// trails and outbox entries (read API), the KV mirror, what GitHub and the alert receivers were
// sent — and no refused webhook-id is remembered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importSecret, type Notification, sign as signOver } from "../../worker/protocol";
import {
  type Answer,
  codeOf,
  decisionOf,
  deliver,
  deliveryId,
  fieldsOf,
  nowSeconds,
  rawRequest,
  sign,
} from "./support/intake";
import { recordOf, settled, snapshot, waitFor } from "./support/observe";
import { simulateProduction } from "./support/production";
import { notification, OTHER_SECRET, SECRET, sha, startWorld, type World } from "./support/world";

const MAX_BODY = 64 * 1024;
const STAGING_COMPLETE = "/deployment/staging/complete";
const LIVE = sha(1);
const WAITING = sha(2);
const encoder = new TextEncoder();

let world: World;
const base = (): string => world.worker().url;

beforeAll(async () => {
  world = await startWorld();
  // A pipeline with history: one commit live (dispatched, run reported back), one staging run started.
  const production = simulateProduction(world.fake, base);
  expect(decisionOf(await deliver(base(), notification({ commit_sha: LIVE })))).toBe("production_dispatch_queued");
  await waitFor(async () => expect((await recordOf(world.worker(), LIVE))?.production?.status).toBe("live"));
  await production.stop();
  const started = notification({ event: "staging_deployment_started", status: undefined, commit_sha: WAITING });
  expect(decisionOf(await deliver(base(), started))).toBe("recorded");
  await settled(world.worker());
}, 60_000);

afterAll(async () => {
  await world?.close();
});

interface BadCase {
  readonly name: string;
  readonly status: number;
  /** The error code; undefined for HEAD, whose answer has no body. */
  readonly code: string | undefined;
  /** For a 400: the fields error.fields must name. */
  readonly fields?: readonly string[];
  /** The commit the request is about: it must have no record afterwards. */
  readonly commit: string;
  /** The request's well-formed webhook-id, which must not be remembered. */
  readonly id: string | null;
  readonly send: () => Promise<Answer>;
}

let next = 0x100;
const cases: BadCase[] = [];

/** Adds a case about a fresh commit; `send` gets the commit's valid notification and a fresh webhook-id. */
function refuse(
  name: string,
  status: number,
  code: string | undefined,
  send: (n: Notification, id: string) => Promise<Answer>,
  extra: { fields?: readonly string[]; idIsValid?: boolean } = {},
): void {
  const commit = sha(next++);
  const id = deliveryId("msg_bad");
  cases.push({
    name,
    status,
    code,
    ...(extra.fields === undefined ? {} : { fields: extra.fields }),
    commit,
    id: extra.idIsValid === false ? null : id,
    send: () => send(notification({ commit_sha: commit }), id),
  });
}

const bodyOf = (n: Notification): Uint8Array => encoder.encode(JSON.stringify(n));

/** A body of more than 64 KiB that is otherwise a valid notification (an unknown, padded field). */
function oversize(n: Notification): Uint8Array {
  const json = JSON.stringify(n);
  return encoder.encode(`${json.slice(0, -1)},"padding":"${"x".repeat(MAX_BODY - json.length + 16)}"}`);
}

/** The notification's JSON with `replace` applied to its text (escapes written as JSON text). */
const edited = (n: Notification, replace: (json: string) => string): string => replace(JSON.stringify(n));

/** The notification's bytes with the ASCII `marker` replaced by raw `bytes` (invalid UTF-8). */
function withBytes(n: Notification, marker: string, bytes: readonly number[]): Uint8Array {
  const json = JSON.stringify(n);
  const at = json.indexOf(marker);
  return new Uint8Array([
    ...encoder.encode(json.slice(0, at)),
    ...bytes,
    ...encoder.encode(json.slice(at + marker.length)),
  ]);
}

/** Sends `n` signed correctly, then with its signature header replaced by `signature(valid)`. */
async function withSignature(
  n: Notification,
  id: string,
  signature: (valid: string) => string,
  options: { body?: Uint8Array; timestamp?: number } = {},
): Promise<Answer> {
  const body = options.body ?? bodyOf(n);
  const timestamp = options.timestamp ?? nowSeconds();
  const valid = (await sign(body, { id, timestamp })).signature;
  return deliver(base(), n, { id, timestamp, body, headers: { "webhook-signature": signature(valid) } });
}

/** Signed headers for a raw request (node:http), with repeated lines where a value is an array. */
async function rawHeaders(
  body: Uint8Array,
  id: string,
  change: (signed: Record<string, string>) => Record<string, string | string[]>,
): Promise<Record<string, string | string[]>> {
  const signed = await sign(body, { id });
  return change({
    "content-type": "application/json",
    "webhook-id": signed.id,
    "webhook-timestamp": signed.timestamp,
    "webhook-signature": signed.signature,
  });
}

/**
 * Posts raw bytes with node:http, whose client reads an answer that comes before the body is
 * sent whole (fetch reports the early 413 and the closed connection as a failure).
 */
async function postRaw(
  body: Uint8Array,
  id: string,
  change: (signed: Record<string, string>) => Record<string, string | string[]>,
  options: { chunked?: boolean } = {},
): Promise<Answer> {
  return rawRequest(base(), STAGING_COMPLETE, await rawHeaders(body, id, change), body, options);
}

const post = (n: Notification, id: string, options: Parameters<typeof deliver>[2] = {}) =>
  deliver(base(), n, { id, ...options });

// --- 404: no such endpoint ------------------------------------------------------------------
refuse("404 for an unknown event path", 404, "not_found", (n, id) =>
  post(n, id, { path: "/deployment/staging/finished" }),
);
refuse("404 for an unknown environment", 404, "not_found", (n, id) => post(n, id, { path: "/deployment/qa/complete" }));
refuse("404 for a trailing slash", 404, "not_found", (n, id) => post(n, id, { path: `${STAGING_COMPLETE}/` }));
refuse("404 for a path in another case", 404, "not_found", (n, id) =>
  post(n, id, { path: "/Deployment/Staging/Complete" }),
);

// --- 405: methods other than POST -------------------------------------------------------------
for (const method of ["GET", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
  refuse(`405 for ${method}`, 405, "method_not_allowed", (n, id) => post(n, id, { method }));
}
refuse("405 for HEAD (no body)", 405, undefined, (n, id) => post(n, id, { method: "HEAD" }));

// --- 413: over 64 KiB, refused before hashing -----------------------------------------------------
refuse("413 for a validly signed body of 64 KiB + 1", 413, "payload_too_large", (n, id) =>
  postRaw(oversize(n), id, (signed) => signed),
);
refuse(
  "413, not 401, for an oversize body with a bogus signature (refused before hashing)",
  413,
  "payload_too_large",
  (n, id) => postRaw(oversize(n), id, (signed) => ({ ...signed, "webhook-signature": "v1,bm90LWEtc2lnbmF0dXJl" })),
);
refuse("413, not 401, for an oversize body with no signature headers", 413, "payload_too_large", (n, id) =>
  postRaw(oversize(n), id, () => ({ "content-type": "application/json" })),
);
refuse("413 for an oversize body streamed without content-length, bogus signature", 413, "payload_too_large", (n, id) =>
  postRaw(oversize(n), id, (signed) => ({ ...signed, "webhook-signature": "v1,Ym9ndXM=" }), { chunked: true }),
);
refuse("413, not 415, for an oversize body of the wrong content type", 413, "payload_too_large", (n, id) =>
  postRaw(oversize(n), id, (signed) => ({ ...signed, "content-type": "text/plain" })),
);

// --- 415: content type ------------------------------------------------------------------------
for (const type of [
  "text/plain",
  "application/x-www-form-urlencoded",
  "application/json-patch+json",
  "application/jsonp",
]) {
  refuse(`415 for content-type ${type}`, 415, "unsupported_media_type", (n, id) =>
    post(n, id, { headers: { "content-type": type } }),
  );
}
refuse("415 for no content-type", 415, "unsupported_media_type", (n, id) =>
  post(n, id, { headers: { "content-type": null } }),
);
// Two content-type lines are joined by ", " (Fetch): "application/json, application/json" is no media type.
refuse("415 for two content-type headers (joined, they name no media type)", 415, "unsupported_media_type", (n, id) =>
  postRaw(bodyOf(n), id, (signed) => ({ ...signed, "content-type": ["application/json", "application/json"] })),
);

// --- 401: signature headers ---------------------------------------------------------------------
for (const header of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
  refuse(
    `401 for no ${header}`,
    401,
    "missing_signature_headers",
    (n, id) => post(n, id, { headers: { [header]: null } }),
    {
      idIsValid: header !== "webhook-id",
    },
  );
}
refuse(
  "401 for an empty webhook-id",
  401,
  "invalid_webhook_id",
  (n, id) => post(n, id, { headers: { "webhook-id": "" } }),
  {
    idIsValid: false,
  },
);
refuse("401 for a webhook-id of 257 characters", 401, "invalid_webhook_id", (n) => post(n, `msg_${"x".repeat(253)}`), {
  idIsValid: false,
});
refuse("401 for a webhook-id with a space", 401, "invalid_webhook_id", (n) => post(n, "msg with space"), {
  idIsValid: false,
});
refuse("401 for two webhook-id headers (joined with a space)", 401, "invalid_webhook_id", (n, id) =>
  postRaw(bodyOf(n), id, (signed) => ({ ...signed, "webhook-id": [id, `${id}_2`] })),
);

// --- 401: timestamps --------------------------------------------------------------------------
refuse("401 for a timestamp 10 minutes old (a replay)", 401, "timestamp_out_of_tolerance", (n, id) =>
  post(n, id, { timestamp: nowSeconds() - 600 }),
);
refuse("401 for a timestamp 10 minutes in the future", 401, "timestamp_out_of_tolerance", (n, id) =>
  post(n, id, { timestamp: nowSeconds() + 600 }),
);
refuse("401 for a timestamp of 0", 401, "timestamp_out_of_tolerance", (n, id) => post(n, id, { timestamp: 0 }));
const badTimestamps: readonly [string, () => string][] = [
  ["non-numeric", () => "yesterday"],
  ["with trailing junk", () => `${nowSeconds()}abc`],
  ["with a fraction", () => `${nowSeconds()}.5`],
  ["negative", () => `-${nowSeconds()}`],
  ["in milliseconds (13 digits)", () => String(Date.now())],
  ["as an ISO date", () => new Date().toISOString()],
  ["empty", () => ""],
];
for (const [what, value] of badTimestamps) {
  refuse(`401 for a timestamp ${what}`, 401, "invalid_timestamp", async (n, id) => {
    // Signed over the bad timestamp itself, so only the timestamp's form is wrong.
    const body = bodyOf(n);
    const timestamp = value();
    const signature = await signOver(await importSecret(SECRET), id, timestamp, body);
    return postRaw(body, id, (signed) => ({
      ...signed,
      "webhook-timestamp": timestamp,
      "webhook-signature": signature,
    }));
  });
}
refuse("401 for two webhook-timestamp headers", 401, "invalid_timestamp", (n, id) =>
  postRaw(bodyOf(n), id, (signed) => ({
    ...signed,
    "webhook-timestamp": [String(signed["webhook-timestamp"]), String(signed["webhook-timestamp"])],
  })),
);

// --- 401: signatures ----------------------------------------------------------------------------
const badSignatures: readonly [string, (valid: string) => string][] = [
  ["empty", () => ""],
  ["truncated by 4 characters", (valid) => valid.slice(0, -4)],
  ["truncated to its scheme", () => "v1,"],
  ["without its base64 padding", (valid) => valid.replace(/=+$/, "")],
  ["with its scheme missing", (valid) => valid.slice(3)],
  ["of an unknown scheme (v2)", (valid) => `v2,${valid.slice(3)}`],
  ["of an unknown scheme (v1a)", (valid) => `v1a,${valid.slice(3)}`],
  ["with the scheme in upper case (V1)", (valid) => `V1,${valid.slice(3)}`],
  ["of bad base64", () => "v1,!!!!not-base64!!!!"],
  ["in the base64url alphabet", () => "v1,-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_8="],
  ["of 31 bytes", () => `v1,${Buffer.alloc(31, 1).toString("base64")}`],
  ["of 33 bytes", () => `v1,${Buffer.alloc(33, 1).toString("base64")}`],
  ["with one bit flipped", (valid) => `v1,${flipBit(valid.slice(3))}`],
  ["over 1,024 characters (the valid one among padding entries)", (valid) => `${"v1,AAAA ".repeat(130)}${valid}`],
  ["separated by commas instead of spaces", (valid) => `v1,${Buffer.alloc(32).toString("base64")},${valid}`],
];
for (const [what, signature] of badSignatures) {
  refuse(`401 for a signature ${what}`, 401, "invalid_signature", (n, id) => withSignature(n, id, signature));
}
refuse("401 for a signature under a secret internalbf does not hold", 401, "invalid_signature", (n, id) =>
  post(n, id, { secret: OTHER_SECRET }),
);
refuse("401 for a body changed after signing", 401, "invalid_signature", async (n, id) => {
  const timestamp = nowSeconds();
  const signed = await sign(bodyOf(n), { id, timestamp });
  const tampered = encoder.encode(JSON.stringify({ ...n, actor: "mallory" }));
  return deliver(base(), n, { id, timestamp, body: tampered, headers: { "webhook-signature": signed.signature } });
});
refuse("401 for a signature made for another webhook-id", 401, "invalid_signature", async (n, id) => {
  const timestamp = nowSeconds();
  const other = await sign(bodyOf(n), { id: `${id}_other`, timestamp });
  return post(n, id, { timestamp, headers: { "webhook-signature": other.signature } });
});
refuse("401 for a signature made for another timestamp", 401, "invalid_signature", async (n, id) => {
  const timestamp = nowSeconds();
  const other = await sign(bodyOf(n), { id, timestamp: timestamp - 1 });
  return post(n, id, { timestamp, headers: { "webhook-signature": other.signature } });
});
const junk = `v1,${Buffer.alloc(32, 7).toString("base64")}`;
refuse("401 for two webhook-signature headers, both bogus", 401, "invalid_signature", (n, id) =>
  postRaw(bodyOf(n), id, (signed) => ({ ...signed, "webhook-signature": [junk, junk] })),
);
// Joined by ", ", the first line's entry gains a trailing comma and is no longer base64.
refuse("401 for two webhook-signature headers, the valid one first", 401, "invalid_signature", (n, id) =>
  postRaw(bodyOf(n), id, (signed) => ({ ...signed, "webhook-signature": [String(signed["webhook-signature"]), junk] })),
);

// --- 400: the body, under a valid signature --------------------------------------------------------
const malformed: readonly [string, (n: Notification) => string | Uint8Array][] = [
  ["truncated JSON", (n) => JSON.stringify(n).slice(0, 40)],
  ["a trailing comma", (n) => edited(n, (json) => `${json.slice(0, -1)},}`)],
  ["an empty body", () => ""],
  ["single-quoted JSON", (n) => JSON.stringify(n).replaceAll('"', "'")],
  ["a NaN literal", (n) => edited(n, (json) => json.replace('"run_id":1', '"run_id":NaN'))],
  ["a JSON array", (n) => JSON.stringify([n])],
  ["JSON null", () => "null"],
  ["a JSON string", (n) => JSON.stringify(JSON.stringify(n))],
  ["invalid UTF-8 (0xFF)", (n) => withBytes(n, "octocat", [0xff, 0xfe])],
  ["an overlong UTF-8 encoding of '/'", (n) => withBytes(n, "octocat", [0xc0, 0xaf])],
  ["a UTF-8 encoded surrogate", (n) => withBytes(n, "octocat", [0xed, 0xa0, 0x80])],
  ["a truncated UTF-8 sequence", (n) => withBytes(n, "octocat", [0xe2, 0x82])],
];
for (const [what, body] of malformed) {
  refuse(`400 for ${what}`, 400, "invalid_payload", (n, id) => post(n, id, { body: body(n) }), { fields: ["(body)"] });
}

const invalid: readonly [string, (n: Notification) => string, readonly string[]][] = [
  ["an unknown event", (n) => JSON.stringify({ ...n, event: "staging_deployment_paused" }), ["event"]],
  [
    "an event that disagrees with the path (production on a staging path)",
    (n) => JSON.stringify({ ...n, event: "production_deployment_complete" }),
    ["event"],
  ],
  [
    "an event that disagrees with the path (started on a complete path)",
    (n) => JSON.stringify({ ...n, event: "staging_deployment_started", status: undefined }),
    ["event"],
  ],
  ["a SHA of 39 characters", (n) => JSON.stringify({ ...n, commit_sha: n.commit_sha.slice(1) }), ["commit_sha"]],
  ["a SHA in upper case", (n) => JSON.stringify({ ...n, commit_sha: "ABCDEF12".repeat(5) }), ["commit_sha"]],
  ["an abbreviated SHA", (n) => JSON.stringify({ ...n, commit_sha: n.commit_sha.slice(0, 7) }), ["commit_sha"]],
  [
    "a SHA whose \\u escape decodes to a Cyrillic letter",
    (n) => edited(n, (json) => json.replace(n.commit_sha, `${n.commit_sha.slice(0, 39)}\\u0430`)),
    ["commit_sha"],
  ],
  [
    "a SHA whose \\u escape decodes to a fullwidth digit",
    (n) => edited(n, (json) => json.replace(n.commit_sha, `${n.commit_sha.slice(0, 39)}\\uff10`)),
    ["commit_sha"],
  ],
  [
    "an event whose \\u escape adds a NUL",
    (n) => edited(n, (json) => json.replace('"staging_deployment_complete"', '"staging_deployment_complete\\u0000"')),
    ["event"],
  ],
  ["no status on a completion", (n) => JSON.stringify({ ...n, status: undefined }), ["status"]],
  ["an unknown status", (n) => JSON.stringify({ ...n, status: "succeeded" }), ["status"]],
  ["a negative run_id", (n) => JSON.stringify({ ...n, run_id: -1 }), ["run_id"]],
  ["a fractional run_attempt", (n) => JSON.stringify({ ...n, run_attempt: 1.5 }), ["run_attempt"]],
  ["a run_number given as a string", (n) => JSON.stringify({ ...n, run_number: "7" }), ["run_number"]],
  ["a timestamp that is no date", (n) => JSON.stringify({ ...n, timestamp: "yesterday" }), ["timestamp"]],
  ["a repository that is not owner/name", (n) => JSON.stringify({ ...n, repository: "monorepo" }), ["repository"]],
  ["details of 4,001 characters", (n) => JSON.stringify({ ...n, details: "d".repeat(4001) }), ["details"]],
  ["details that are not a string", (n) => JSON.stringify({ ...n, details: { log: "x" } }), ["details"]],
  ["an actor of 513 characters", (n) => JSON.stringify({ ...n, actor: "a".repeat(513) }), ["actor"]],
  [
    "several bad fields at once (every one is named)",
    (n) => JSON.stringify({ ...n, commit_sha: "nope", status: "ok", run_id: -5 }),
    ["commit_sha", "status", "run_id"],
  ],
];
for (const [what, body, fields] of invalid) {
  refuse(`400 for ${what}`, 400, "invalid_payload", (n, id) => post(n, id, { body: body(n) }), { fields });
}

// --- 403: another repository ----------------------------------------------------------------------
refuse("403 for another repository", 403, "wrong_repository", (n, id) =>
  post(n, id, { body: JSON.stringify({ ...n, repository: "someone-else/monorepo" }) }),
);
refuse("403 for this repository's name in another case", 403, "wrong_repository", (n, id) =>
  post(n, id, { body: JSON.stringify({ ...n, repository: "Bolt-Foundry/monorepo" }) }),
);
refuse("403 for a fork of the same name", 403, "wrong_repository", (n, id) =>
  post(n, id, { body: JSON.stringify({ ...n, repository: "bolt-foundry-fork/monorepo" }) }),
);

function flipBit(base64: string): string {
  const bytes = Buffer.from(base64, "base64");
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString("base64");
}

const known = [LIVE, WAITING];

describe(`bad input (${cases.length} cases) is refused with its documented 4xx and changes nothing`, () => {
  it("has at least 40 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)("$name", async (bad) => {
    const worker = world.worker();
    const before = await snapshot(worker, world.fake, known);
    const answer = await bad.send();
    expect({ status: answer.status, code: codeOf(answer) }).toEqual({ status: bad.status, code: bad.code });
    if (bad.code !== undefined) {
      expect(answer.body).toMatchObject({ error: { code: bad.code, message: expect.any(String) } });
      expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    }
    if (bad.status === 405) expect(answer.headers.get("allow")).toBe("POST");
    if (bad.fields !== undefined) expect(fieldsOf(answer).sort()).toEqual([...bad.fields].sort());
    expect(await snapshot(worker, world.fake, known)).toEqual(before);
    expect(await recordOf(worker, bad.commit)).toBeNull();
  });

  it("remembers no refused webhook-id: each is a new delivery afterwards", async () => {
    const ids = cases.flatMap((bad) => (bad.id === null ? [] : [bad.id]));
    expect(ids.length).toBeGreaterThan(40);
    let n = 0x9000;
    for (const id of ids) {
      const started = notification({ event: "staging_deployment_started", status: undefined, commit_sha: sha(n++) });
      const answer = await deliver(base(), started, { id });
      expect({ id, status: answer.status }).toEqual({ id, status: 202 });
    }
  });
});

describe("a replayed webhook-id", () => {
  it("answers 200 with the first answer and changes nothing, even with another body", async () => {
    const worker = world.worker();
    const commit = sha(0x8001);
    const id = deliveryId("msg_replay");
    const started = notification({ event: "staging_deployment_started", status: undefined, commit_sha: commit });
    const first = await deliver(base(), started, { id });
    expect(first.status).toBe(202);
    await settled(worker);
    const before = await snapshot(worker, world.fake, [...known, commit]);

    const again = await deliver(base(), started, { id });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // Same id, another (validly signed) body: still the same delivery, still the first answer.
    const other = await deliver(base(), notification({ commit_sha: commit }), { id });
    expect(other.status).toBe(200);
    expect(other.body).toEqual(first.body);

    await settled(worker);
    expect(await snapshot(worker, world.fake, [...known, commit])).toEqual(before);
  });
});
