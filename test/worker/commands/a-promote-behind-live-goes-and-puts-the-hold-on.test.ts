import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { decisionOf, goLive } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled } from "../support/pipeline";
import { accepted } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1), sha(2), sha(3)]);
});

it("a promote while on hold still goes (git asked first), as internalbf-manual-promote", async () => {
  await goLive(1);
  await accepted("POST", "/hold");
  expect(await decisionOf(notification({ commit_sha: sha(2) }))).toBe("held_frozen");
  expect(await accepted("POST", `/deployments/${sha(2)}/promote`)).toBe("dispatch_queued");
  await settled();
  const [last] = (await outside.requests("dispatch")).slice(-1);
  expect(JSON.parse(last?.body ?? "{}")).toMatchObject({
    inputs: { commit_sha: sha(2), triggered_by: "internalbf-manual-promote" },
  });
});

it("a promote behind the live commit goes, and puts automatic promotion on hold", async () => {
  await goLive(1);
  await goLive(3);
  // Git says #2 is behind the live #3: superseded, not promoted automatically.
  await decisionOf(notification({ commit_sha: sha(2) }));
  await settled();
  expect(await query("SELECT status FROM deployments WHERE sha = ? AND environment = 'production'", sha(2))).toEqual([
    { status: "superseded" },
  ]);
  expect(await accepted("POST", `/deployments/${sha(2)}/promote`)).toBe("dispatch_queued");
  await settled();
  expect(await outside.dispatched()).toEqual([sha(1), sha(3), sha(2)]);
  expect(await query("SELECT name FROM settings WHERE name = 'hold'")).toHaveLength(1);
});
