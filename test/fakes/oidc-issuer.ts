// GitHub Actions' OIDC issuer, faked on 127.0.0.1: its discovery document
// (`/.well-known/openid-configuration`, naming `jwks_uri`) and its key set (`/.well-known/jwks`, the
// public halves of ./oidc-keys). It runs in Node and is programmed over HTTP (`/__fake/*`), like
// ./outside.ts: tests inside workerd count its fetches, rotate its keys and script its failures.
// Any path before `/.well-known/` is an issuer of its own (as GitHub's per-enterprise issuers are):
// a test that needs a worker with no keys cached yet takes an issuer URL no other test used.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, sendJson } from "../../local/http.ts";
import { publicJwk } from "./access-keys.ts";
import type { Scripted } from "./contract";
import { OIDC_KEY } from "./oidc-keys.ts";

/** The issuer's two documents, each scriptable. */
export type IssuerRoute = "discovery" | "jwks";

export interface IssuerState {
  /** The JWKS published at /.well-known/jwks. */
  keys: unknown[];
  /** How often each document was fetched. */
  fetches: Record<IssuerRoute, number>;
  /** The next fetches of a document get these answers, in order; then the default applies again. */
  scripts: Record<IssuerRoute, Scripted[]>;
}

const DISCOVERY = "/.well-known/openid-configuration";
const JWKS = "/.well-known/jwks";

function freshState(): IssuerState {
  return {
    keys: [publicJwk(OIDC_KEY)],
    fetches: { discovery: 0, jwks: 0 },
    scripts: { discovery: [], jwks: [] },
  };
}

export interface FakeIssuer {
  /** The issuer's URL: the tokens' `iss`, OIDC_ISSUER under test. */
  readonly url: string;
  readonly close: () => Promise<void>;
}

/** Starts the fake issuer on an ephemeral port of 127.0.0.1. */
export async function startFakeIssuer(): Promise<FakeIssuer> {
  let state = freshState();
  let url = "";
  const server: Server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const path = req.url ?? "/";
        if (path === "/__fake/reset") state = freshState();
        else if (path === "/__fake/keys") state.keys = (JSON.parse(body) as { keys: unknown[] }).keys;
        else if (path === "/__fake/script") {
          const { route, responses } = JSON.parse(body) as { route: IssuerRoute; responses: Scripted[] };
          state.scripts[route].push(...responses);
        } else if (path.endsWith(DISCOVERY)) {
          const named = `${url}${path.slice(0, -DISCOVERY.length)}`;
          return answer(state, "discovery", req, res, { ...discoveryOf(named), jwks_uri: `${named}${JWKS}` });
        } else if (path.endsWith(JWKS)) return answer(state, "jwks", req, res, { keys: state.keys });
        else if (path !== "/__fake/state") return sendJson(res, 404, { message: "Not Found" });
        return sendJson(res, 200, state);
      })
      .catch((error: unknown) => sendJson(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // A test runner may exit while the fake still listens.
  server.unref();
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The discovery document as GitHub's issuer serves it (the fields a verifier reads). */
function discoveryOf(issuer: string): Record<string, unknown> {
  return {
    issuer,
    subject_types_supported: ["public", "pairwise"],
    response_types_supported: ["id_token"],
    claims_supported: ["sub", "aud", "exp", "iat", "iss", "jti", "nbf", "ref", "repository", "repository_id"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid"],
  };
}

/** A document, counted; a scripted answer (a status, a body, a dropped connection) stands in for it once. */
async function answer(
  state: IssuerState,
  route: IssuerRoute,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
) {
  state.fetches[route] += 1;
  const scripted = state.scripts[route].shift();
  if (scripted?.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
  if (scripted?.reset === true) {
    req.socket.destroy();
    return;
  }
  if (scripted?.status !== undefined) return sendJson(res, scripted.status, scripted.body ?? {}, scripted.headers);
  return sendJson(res, 200, body);
}
