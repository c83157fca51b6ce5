// Builders for run()'s dependencies: a runner that records what the step said, a transport that answers
// from a script and fails the test on any request it did not expect, and a clock that does not wait.
import type { Send } from "../../actions/notify-internalbf/src/http";
import type { Deps, OutputName } from "../../actions/notify-internalbf/src/runner";
import { githubContext } from "./action";

export const SECRET = "whsec_dGVzdC1zaWduaW5nLXNlY3JldC0zMi1ieXRlcy1sb25nISE=";
export const SHA = "0123456789abcdef0123456789abcdef01234567";
export const URL_BASE = "https://internalbf.example.com";

/** A scripted answer of the fake fetch: a Response, an error to throw, or a function of the request. */
export type Step = Response | Error | ((request: Request) => Response | Promise<Response>);

export interface Recorded {
  readonly request: Request;
  readonly body: string;
}

export interface Fake {
  readonly deps: Deps;
  readonly requests: Recorded[];
  readonly outputs: Partial<Record<OutputName, string>>;
  readonly infos: string[];
  readonly warnings: string[];
  readonly failures: string[];
  readonly secrets: string[];
  readonly summaries: string[];
  readonly sleeps: number[];
  /** Every line the step printed or wrote anywhere, for "never printed" checks. */
  readonly everything: () => string;
}

export interface FakeOptions {
  readonly inputs?: Record<string, string>;
  readonly env?: Record<string, string | undefined>;
  readonly steps?: readonly Step[];
  readonly now?: Date;
  readonly random?: number;
}

/** The inputs of a typical staging completion; override any. */
export function inputs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    url: URL_BASE,
    secret: SECRET,
    event: "staging_deployment_complete",
    status: "success",
    "commit-sha": SHA,
    ...overrides,
  };
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** internalbf's 202 for a notification, with the decision given. */
export function accepted(decision: string, deployment: Record<string, unknown> = {}, status = 202): Step {
  return async (request) => {
    const body = JSON.parse(await request.clone().text()) as Record<string, unknown>;
    return json(status, {
      delivery: request.headers.get("webhook-id"),
      decision,
      deployment: {
        sha: body.commit_sha,
        environment: request.url.includes("/production/") ? "production" : "staging",
        status: "recorded",
        updated_at: "2026-11-28T08:00:00.000Z",
        run_id: body.run_id,
        run_url: body.run_url,
        error: null,
        ...deployment,
      },
    });
  };
}

/** An error body as internalbf writes it. */
export function refused(
  status: number,
  code: string,
  message: string,
  fields?: { field: string; message: string }[],
  headers: Record<string, string> = {},
): Response {
  return json(status, { error: fields === undefined ? { code, message } : { code, message, fields } }, headers);
}

/** A network failure as node:http reports it (a system error with its code). */
export function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
}

/** Builds run()'s dependencies around a script of answers. */
export function fake(options: FakeOptions = {}): Fake {
  const given = options.inputs ?? inputs();
  const steps = [...(options.steps ?? [])];
  const requests: Recorded[] = [];
  const outputs: Partial<Record<OutputName, string>> = {};
  const infos: string[] = [];
  const warnings: string[] = [];
  const failures: string[] = [];
  const secrets: string[] = [];
  const summaries: string[] = [];
  const sleeps: number[] = [];

  // Scripts speak fetch's Request and Response (easy to build); the step's transport is a Send.
  const send: Send = async ({ url, headers, body, signal }) => {
    const request = new Request(url, { method: "POST", headers, body: new Uint8Array(body), signal });
    requests.push({ request, body: new TextDecoder().decode(body) });
    const step = steps.shift();
    if (step === undefined) throw new Error(`unexpected request: POST ${url}`);
    if (step instanceof Error) throw step;
    const response = step instanceof Response ? step : await step(request);
    return { status: response.status, header: (name) => response.headers.get(name), text: await response.text() };
  };

  const deps: Deps = {
    runner: {
      getInput: (name) => given[name] ?? "",
      setOutput: (name, value) => {
        outputs[name] = value;
      },
      setSecret: (value) => {
        secrets.push(value);
      },
      info: (message) => {
        infos.push(message);
      },
      warning: (message) => {
        warnings.push(message);
      },
      setFailed: (message) => {
        failures.push(message);
      },
      writeSummary: async (markdown) => {
        summaries.push(markdown);
      },
    },
    env: { ...githubContext(), ...options.env },
    send,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => options.now ?? new Date(),
    random: () => options.random ?? 0.5,
  };

  return {
    deps,
    requests,
    outputs,
    infos,
    warnings,
    failures,
    secrets,
    summaries,
    sleeps,
    everything: () => [...infos, ...warnings, ...failures, ...summaries, ...Object.values(outputs)].join("\n"),
  };
}
