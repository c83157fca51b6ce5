// run()'s dependencies for tests that need no worker: the environment given, a fetch that records
// each request and answers as the test says, and stdout/stderr kept as text.
import type { Deps } from "../../../cli/main";

export const URL_ = "https://internalbf.example.com";
export const TOKEN = "adm_0123456789abcdefSECRET";
export const FULL = "3f2a1b0c9d8e7f60514233241506f7e8d9c0b1a2";

export interface Sent {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: unknown;
}

export interface TestDeps {
  readonly deps: Deps;
  readonly sent: Sent[];
  readonly stdout: () => string;
  readonly stderr: () => string;
}

/** The answer a test's fetch gives a request, or a thrown error (the network failing). */
export type Answerer = (sent: Sent) => Response | Promise<Response>;

/** A fetch that fails the test when called: nothing may be sent. */
export const NOTHING_SENT: Answerer = (sent) => {
  throw new Error(`nothing may be sent, but ${sent.method} ${sent.url} was`);
};

/** A JSON answer. */
export function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** run()'s deps with `env` (an admin token and a URL unless it says otherwise) and `answerer` for the network. */
export function testDeps(answerer: Answerer, env: Record<string, string> = {}): TestDeps {
  const sent: Sent[] = [];
  let stdout = "";
  let stderr = "";
  const deps: Deps = {
    env: { INTERNALBF_URL: URL_, INTERNALBF_ADMIN_TOKEN: TOKEN, ...env },
    fetch: async (url, init) => {
      const text = typeof init.body === "string" ? init.body : null;
      const request: Sent = {
        url,
        method: init.method ?? "GET",
        headers: new Headers(init.headers),
        body: text === null ? null : (JSON.parse(text) as unknown),
      };
      sent.push(request);
      return answerer(request);
    },
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    userName: () => "ana",
  };
  return { deps, sent, stdout: () => stdout, stderr: () => stderr };
}
