// The load generator, run as its own process (never in the process or thread of workerd or of the
// harness): `node bench/lib/load.mjs '<json spec>'` runs autocannon once and prints one JSON line.
//
// spec: { url, connections, duration (s) | amount, warmup (s), kind, ... }
//   kind "get"     { path, headers }                      the same GET each time
//   kind "forged"  { path, event }                        a valid body with a signature from a wrong key
//   kind "intake"  { path, event, secret, label, presign } unique webhook-id + commit per request, signed
//                  + record: a file that receives the commits answered 202, one a line (seeding)
//   kind "shas"    { shasFile, headers }                  GET /deployments/{sha} of random seeded commits
import { readFileSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";
import { keyOf, notificationBody, shaOf, signedRequest, signHeaders } from "./sign.mjs";

const spec = JSON.parse(process.argv[2]);
const accepted = [];
/** The forged request of the measured run, sent once more after it to read the refusal's code. */
let forgedRequest = null;
const url = new URL(spec.url);

function requestsOf(spec, phase) {
  switch (spec.kind) {
    case "get":
      return [{ method: "GET", path: spec.path, headers: spec.headers ?? {} }];
    case "forged": {
      // One forged delivery (a valid body signed with a wrong key), sent again and again: built once,
      // so the generator does no more per request than for the bare anchor's GET.
      const wrong = keyOf("whsec_Zm9yZ2VkLWtleS1ub3QtdGhlLXdvcmtlcnMtc2VjcmV0IQ==");
      const body = notificationBody(spec.event, shaOf("forged", 0));
      forgedRequest = {
        method: "POST",
        path: spec.path,
        body,
        headers: {
          "content-type": "application/json",
          ...signHeaders(wrong, `forged-${phase}`, Math.floor(Date.now() / 1000), body),
        },
      };
      return [forgedRequest];
    }
    case "intake": {
      // Unique deliveries and commits; the first `presign` are signed before the run starts (fresh
      // timestamps, well inside the 300 s window), the rest on the fly.
      const key = keyOf(spec.secret);
      const label = `${spec.label}-${phase}`;
      const make = (i) => signedRequest(key, spec.event, spec.path, `${label}-${i}`, shaOf(label, i));
      const ready = [];
      for (let i = 0; i < (phase === "run" ? (spec.presign ?? 0) : 0); i++) ready.push(make(i));
      let next = 0;
      return [
        {
          method: "POST",
          path: spec.path,
          ...(spec.record === undefined || phase !== "run"
            ? {}
            : {
                onResponse: (status, body) => {
                  if (status === 202) accepted.push(JSON.parse(body).deployment.sha);
                },
              }),
          setupRequest: (req) => {
            const i = next++;
            const signed = i < ready.length ? ready[i] : make(i);
            ready[i] = undefined;
            return { ...req, ...signed };
          },
        },
      ];
    }
    case "shas": {
      const shas = readFileSync(spec.shasFile, "utf8").split("\n").filter(Boolean);
      return [
        {
          method: "GET",
          path: "/",
          setupRequest: (req) => ({
            ...req,
            headers: spec.headers ?? {},
            path: `/deployments/${shas[Math.floor(Math.random() * shas.length)]}`,
          }),
        },
      ];
    }
    default:
      throw new Error(`unknown load kind ${spec.kind}`);
  }
}

/** The error code of one more answer to `request` (`status <n>` when the body is not an error). */
async function refusalCode(request) {
  const response = await fetch(`${url.origin}${request.path}`, request);
  const text = await response.text();
  try {
    return JSON.parse(text).error?.code ?? `status ${response.status}`;
  } catch {
    return `status ${response.status}`;
  }
}

function run(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    // autocannon keeps going if a response is slow; the run is bounded by duration or amount.
    instance.on("error", () => undefined);
  });
}

const base = {
  url: url.origin,
  connections: spec.connections,
  pipelining: 1,
  timeout: 10,
  // The latency histogram in microseconds would need autocannon 8's -L; ms is its unit here.
};

if ((spec.warmup ?? 0) > 0) {
  await run({ ...base, duration: spec.warmup, requests: requestsOf(spec, "warmup") });
}
const options =
  spec.amount !== undefined
    ? { ...base, amount: spec.amount, requests: requestsOf(spec, "run") }
    : { ...base, duration: spec.duration, requests: requestsOf(spec, "run") };
// For bench/profile.mjs, which starts recording once the measured run is under way.
process.stderr.write("measuring\n");
const started = performance.now();
const result = await run(options);
const elapsed = (performance.now() - started) / 1000;
// The refusal's code at the end of the run (the built request's timestamp is then at its oldest):
// a forged load must have been refused for its signature, not for anything cheaper.
const probe = forgedRequest === null ? undefined : await refusalCode(forgedRequest);

const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
const total = Object.values(statuses).reduce((a, b) => a + b, 0);
if (spec.record !== undefined) writeFileSync(spec.record, `${accepted.join("\n")}\n`);
console.log(
  JSON.stringify({
    connections: spec.connections,
    seconds: Number(elapsed.toFixed(3)),
    requests: total,
    rps: Number((total / (spec.amount !== undefined ? elapsed : result.duration)).toFixed(1)),
    latency_ms: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      mean: Number(result.latency.average.toFixed(2)),
      max: result.latency.max,
    },
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    ...(probe === undefined ? {} : { probe }),
  }),
);
