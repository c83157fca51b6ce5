// Sending operator commands the way the CLI and curl do: JSON, ADMIN_TOKEN and a declared actor.
import { exports } from "cloudflare:workers";
import { ADMIN_TOKEN } from "../support/bindings";

export const ACTOR = "ana@example.com";

/** Sends a command; `body` gets the actor and a reason unless it names its own. */
export function send(method: string, path: string, body: Record<string, unknown> = {}): Promise<Response> {
  return exports.default.fetch(`https://internalbf.test${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ actor: ACTOR, reason: "INC-7: checkout broken", ...body }),
  });
}

/** Sends a command that must be accepted; its decision. */
export async function accepted(method: string, path: string, body: Record<string, unknown> = {}): Promise<string> {
  const response = await send(method, path, body);
  const answer = (await response.json()) as { decision?: string; error?: { message: string } };
  if (response.status !== 202) throw new Error(`${method} ${path}: ${response.status} ${answer.error?.message}`);
  return answer.decision ?? "";
}
