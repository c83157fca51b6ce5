// GitHub's OIDC token service for run()'s in-process tests: the step's GETs to the runner's
// ACTIONS_ID_TOKEN_REQUEST_URL are answered from a script of their own, its POSTs go on to the
// fake intake of test/support/deps.ts. (Over real HTTP, see oidc-on-a-runner.test.ts.)
import type { Send } from "../../../actions/notify-internalbf/src/http";
import type { Deps } from "../../../actions/notify-internalbf/src/runner";
import type { Fake, Step } from "../../support/deps";

/** The runner's token endpoint in these tests; only ever answered in-process. */
export const TOKEN_URL = "https://pipelines.actions.invalid/_apis/token?api-version=2.0";
export const REQUEST_TOKEN = "runner-request-token-0123456789";
/** A JWT's shape; the action never reads inside it. */
export const ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJpbnRlcm5hbGJmIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";

/** The variables a runner gives a job with `id-token: write`. */
export const TOKEN_ENV = { ACTIONS_ID_TOKEN_REQUEST_URL: TOKEN_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN };

/** The token service's answer with a token in it. */
export function token(value = ID_TOKEN): Response {
  return new Response(JSON.stringify({ count: 1, value }), { headers: { "content-type": "application/json" } });
}

export interface TokenService {
  readonly deps: Deps;
  /** The URLs and headers of the token requests, in order. */
  readonly requests: { readonly url: string; readonly headers: Readonly<Record<string, string>> }[];
  /** What happened in order: `mask <value>`, `GET`, `POST`; for "masked before sent" checks. */
  readonly events: string[];
}

/** `step`'s dependencies with the token service in front; fails the test on a token request it did not script. */
export function withTokenService(step: Fake, answers: readonly Step[]): TokenService {
  const script = [...answers];
  const requests: { url: string; headers: Readonly<Record<string, string>> }[] = [];
  const events: string[] = [];
  const send: Send = async (request) => {
    if (request.method !== "GET") {
      events.push("POST");
      return step.deps.send(request);
    }
    events.push("GET");
    requests.push({ url: request.url, headers: request.headers });
    const answer = script.shift();
    if (answer === undefined) throw new Error(`unexpected token request: GET ${request.url}`);
    if (answer instanceof Error) throw answer;
    const response =
      answer instanceof Response ? answer : await answer(new Request(request.url, { headers: request.headers }));
    return { status: response.status, header: (name) => response.headers.get(name), text: await response.text() };
  };
  const setSecret = (value: string): void => {
    events.push(`mask ${value}`);
    step.deps.runner.setSecret(value);
  };
  return { deps: { ...step.deps, send, runner: { ...step.deps.runner, setSecret } }, requests, events };
}
