// The commit's own time, from the event that started the workflow: a push event's JSON file
// (GITHUB_EVENT_PATH) names its head commit and when it was made, where internalbf's lead time starts.
import { readFileSync } from "node:fs";
import { isTimestamp } from "../../../worker/protocol/index";

/**
 * `head_commit.timestamp` of the workflow's event when that head commit is `commitSha`; undefined
 * without an event file, for another commit, or for anything not a timestamp. An optional field never
 * fails the step, so an unreadable file is no notification's concern.
 */
export function commitTimestampOf(
  env: Readonly<Record<string, string | undefined>>,
  commitSha: string,
): string | undefined {
  const path = env.GITHUB_EVENT_PATH;
  if (path === undefined || path === "") return undefined;
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
  const head = (event as { head_commit?: { id?: unknown; timestamp?: unknown } | null } | null)?.head_commit;
  if (typeof head !== "object" || head === null) return undefined;
  if (typeof head.id !== "string" || head.id.toLowerCase() !== commitSha) return undefined;
  return isTimestamp(head.timestamp) ? head.timestamp : undefined;
}
