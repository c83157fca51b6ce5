// Who is acting on an operator route: a Cloudflare Access identity where Access is set up, else the
// holder of ADMIN_TOKEN. A present Access token decides alone, so a bad one cannot fall back to the
// token (or to whatever else the request carries).
import type { Config } from "../config";
import { HttpError } from "../http/errors";
import { accessActor } from "./access";
import { tokenHolder } from "./auth";

export { isActor } from "./auth";

/**
 * A verified operator. `via: "access"`: the actor is Access's (an email, or `service:<name>`).
 * `via: "token"`: the request holds ADMIN_TOKEN and the actor is only declared: the Basic-auth user
 * name, or null for a bearer token (a command then names its `actor` in the body).
 */
export interface Operator {
  readonly actor: string | null;
  readonly via: "access" | "token";
}

/** The operator behind `request`; throws 401 `unauthorized` or `invalid_access_token` (503 when Access's keys are unreachable). */
export async function identify(request: Request, config: Config): Promise<Operator> {
  const assertion = request.headers.get("cf-access-jwt-assertion");
  const access = config.access;
  if (assertion === null || access.state === "off") {
    return { ...tokenHolder(request.headers.get("authorization"), config), via: "token" };
  }
  if (access.state === "invalid") {
    throw new HttpError(
      401,
      "invalid_access_token",
      `internalbf cannot check Access tokens: ${access.names.join(" and ")} failed validation (see /health); fix it and deploy again`,
    );
  }
  return { actor: await accessActor(assertion, access), via: "access" };
}
