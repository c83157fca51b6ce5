import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { decisionOf, goLive } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled } from "../support/pipeline";
import { ACTOR, accepted } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1), sha(2), sha(3)]);
});

it("a rollback puts automatic promotion on hold and dispatches the commit live before, as internalbf-rollback", async () => {
  await goLive(1);
  await goLive(2);
  expect(await accepted("POST", "/rollback")).toBe("dispatch_queued");
  await settled();
  const [last] = (await outside.requests("dispatch")).slice(-1);
  expect(JSON.parse(last?.body ?? "{}")).toMatchObject({
    inputs: { commit_sha: sha(1), triggered_by: "internalbf-rollback" },
  });
  // The next staging success does not undo the rollback: it waits.
  expect(await decisionOf(notification({ commit_sha: sha(3) }))).toBe("held_frozen");
  const events = await query<{ kind: string; actor: string }>("SELECT kind, actor FROM events WHERE sha = ?", sha(1));
  expect(events).toContainEqual({ kind: "rollback_requested", actor: ACTOR });
});
