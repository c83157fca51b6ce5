// The requests the fake GitHub refused because GitHub's own description would (test/fakes/outside.ts).
import { env } from "cloudflare:workers";
import type { Violation } from "../../fakes/contract";

/** Takes the violations the fake recorded since the last take (it clears them). */
export async function takeViolations(): Promise<Violation[]> {
  const base = (env as unknown as { GITHUB_API_URL: string }).GITHUB_API_URL;
  const response = await fetch(`${base}/__fake/violations`, { method: "POST" });
  if (!response.ok) throw new Error(`fake control violations failed: ${response.status}`);
  return (await response.json()) as Violation[];
}
