// The environment → where the worker is and how to prove who we are, checked once. A refusal here
// is a usage error (exit 2): nothing was sent. No message quotes a credential.
import { redactUserinfo, urlRefusal } from "../worker/protocol/url.ts";

/** The variables the CLI reads (process.env, or a test's). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** How requests authenticate: the worker's ADMIN_TOKEN, or an Access service token for Cloudflare's edge. */
export type Credentials =
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "access"; readonly clientId: string; readonly clientSecret: string };

export interface Connection {
  /** The worker's base URL, without a trailing slash. */
  readonly url: string;
  readonly credentials: Credentials;
}

/** The connection the environment describes, or why it cannot be used. */
export function connectionOf(env: Environment): Connection | { readonly refusal: string } {
  const raw = setting(env, "INTERNALBF_URL");
  if (raw === null) return { refusal: "set INTERNALBF_URL to the worker's URL, e.g. https://internalbf.example.com" };
  const problem = urlRefusal(raw);
  if (problem !== null) return { refusal: `INTERNALBF_URL (${redactUserinfo(raw)}) ${problem}` };
  const url = new URL(raw);
  if (url.search !== "" || url.hash !== "") {
    return { refusal: `INTERNALBF_URL (${redactUserinfo(raw)}) must be the worker's base URL, without ? or #` };
  }
  const credentials = credentialsOf(env);
  if ("refusal" in credentials) return credentials;
  return { url: `${url.origin}${url.pathname}`.replace(/\/+$/, ""), credentials };
}

function credentialsOf(env: Environment): Credentials | { readonly refusal: string } {
  const clientId = setting(env, "INTERNALBF_ACCESS_CLIENT_ID");
  const clientSecret = setting(env, "INTERNALBF_ACCESS_CLIENT_SECRET");
  if (clientId !== null && clientSecret !== null) {
    return (
      unsendable("INTERNALBF_ACCESS_CLIENT_ID", clientId) ??
      unsendable("INTERNALBF_ACCESS_CLIENT_SECRET", clientSecret) ?? { kind: "access", clientId, clientSecret }
    );
  }
  if (clientId !== null || clientSecret !== null) {
    return {
      refusal: "an Access service token needs both INTERNALBF_ACCESS_CLIENT_ID and INTERNALBF_ACCESS_CLIENT_SECRET",
    };
  }
  const token = setting(env, "INTERNALBF_ADMIN_TOKEN");
  if (token !== null) return unsendable("INTERNALBF_ADMIN_TOKEN", token) ?? { kind: "token", token };
  return {
    refusal:
      "set INTERNALBF_ADMIN_TOKEN (the worker's ADMIN_TOKEN), or INTERNALBF_ACCESS_CLIENT_ID and INTERNALBF_ACCESS_CLIENT_SECRET (an Access service token)",
  };
}

/** Who is acting with the admin token: --actor, else INTERNALBF_ACTOR, else the OS user name; null when none is known. */
export function actorOf(flag: string | undefined, env: Environment, userName: string | null): string | null {
  return flag ?? setting(env, "INTERNALBF_ACTOR") ?? (userName === null || userName.trim() === "" ? null : userName);
}

/** A refusal when `value` cannot go in a header as it is (the runtime's error would quote it), else null. */
function unsendable(name: string, value: string): { readonly refusal: string } | null {
  return /^[\x21-\x7e]+$/.test(value)
    ? null
    : { refusal: `${name} holds a space or a character a header cannot carry` };
}

/** A variable's value; unset or blank is null. */
function setting(env: Environment, name: string): string | null {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? null : value;
}
