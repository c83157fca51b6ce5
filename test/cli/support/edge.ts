// Cloudflare's edge in front of the worker, as far as an Access service token goes: a request that
// carries the token's CF-Access-Client-Id and CF-Access-Client-Secret reaches the worker with an
// Access JWT for it (`common_name` the client id, signed with the fake team's key) in their place;
// any other request is sent to the sign-in page. A fetch for run(): nothing leaves the machine.
import { importJWK, SignJWT } from "jose";
import type { Fetch } from "../../../cli/api";
import { ACCESS_KEY } from "../../fakes/access-keys";

/** The AUD tag of the Access application in front of the worker. */
export const ACCESS_AUD = "9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9";

export interface ServiceToken {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The edge for the worker at `worker()`, whose Access team is `team`, letting `token` through. */
export function accessEdge(worker: () => string, team: string, token: ServiceToken): Fetch {
  return async (url, init) => {
    const headers = new Headers(init.headers);
    const id = headers.get("cf-access-client-id");
    const secret = headers.get("cf-access-client-secret");
    if (id !== token.clientId || secret !== token.clientSecret) {
      return new Response(null, { status: 302, headers: { location: `${team}/cdn-cgi/access/login` } });
    }
    headers.delete("cf-access-client-id");
    headers.delete("cf-access-client-secret");
    headers.set("cf-access-jwt-assertion", await serviceTokenJwt(team, id));
    const { pathname, search } = new URL(url);
    return fetch(`${worker()}${pathname}${search}`, { ...init, headers });
  };
}

/** The app token Access issues for a service token: no email, its client id as `common_name`. */
async function serviceTokenJwt(team: string, clientId: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ aud: [ACCESS_AUD], iss: team, common_name: clientId, type: "app", sub: "" })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: ACCESS_KEY.kid })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 300)
    .sign(await importJWK({ ...ACCESS_KEY, alg: "RS256" }, "RS256"));
}
