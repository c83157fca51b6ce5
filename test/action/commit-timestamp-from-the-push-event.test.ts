// commit_timestamp: the commit's own time, read from the push event's file (GITHUB_EVENT_PATH,
// head_commit.timestamp) when its head commit is the notification's; absent otherwise, and never a
// reason for the step to fail.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../actions/notify-internalbf/src/main";
import { parseNotification } from "../../worker/protocol/index";
import { type FakeOutside, startFakeOutside } from "../fakes/outside";
import { runAction } from "../support/action";
import { accepted, fake, SHA } from "../support/deps";
import { type RunningWorker, startWorker } from "../support/worker";

/** GitHub's form: the committer's offset, no fraction. */
const WHEN = "2026-11-28T09:12:44+01:00";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "notify-internalbf-event-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes an event file; its path. */
async function eventFile(event: unknown, name = "event.json"): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof event === "string" ? event : JSON.stringify(event));
  return path;
}

const push = (id: string, timestamp: unknown = WHEN) => ({
  ref: "refs/heads/main",
  after: id,
  head_commit: { id, message: "Fix the sign-in page", timestamp, author: { name: "Octo Cat" } },
});

async function sentBody(env: Record<string, string | undefined>): Promise<Record<string, unknown>> {
  const step = fake({ env, steps: [accepted("recorded")] });
  await run(step.deps);
  expect(step.failures).toEqual([]);
  const body = JSON.parse(step.requests[0]?.body ?? "{}") as Record<string, unknown>;
  expect(parseNotification(body)).toMatchObject({ ok: true });
  return body;
}

describe("commit_timestamp", () => {
  it("is the push event's head_commit.timestamp, as GitHub wrote it", async () => {
    const body = await sentBody({ GITHUB_EVENT_PATH: await eventFile(push(SHA)) });
    expect(body.commit_timestamp).toBe(WHEN);
  });

  it("is absent without an event file", async () => {
    expect(await sentBody({ GITHUB_EVENT_PATH: undefined })).not.toHaveProperty("commit_timestamp");
  });

  it("is absent when the event has no head commit (workflow_dispatch, as production runs)", async () => {
    const dispatch = await eventFile({ inputs: { commit_sha: SHA, dispatch_id: "ibf-0123" }, ref: "refs/heads/main" });
    expect(await sentBody({ GITHUB_EVENT_PATH: dispatch })).not.toHaveProperty("commit_timestamp");
  });

  it("is absent when the head commit is another commit than the notification's", async () => {
    const other = await eventFile(push("f".repeat(40)));
    expect(await sentBody({ GITHUB_EVENT_PATH: other })).not.toHaveProperty("commit_timestamp");
  });

  it.each([
    ["a missing file", null],
    ["a file that is not JSON", "{ not json"],
    ["a timestamp that is not one", JSON.stringify(push(SHA, "yesterday"))],
    ["a timestamp that is not a string", JSON.stringify(push(SHA, 1764317564))],
  ])("is absent, and the step goes on, with %s", async (_what, contents) => {
    const path = contents === null ? join(dir, "missing.json") : await eventFile(contents);
    expect(await sentBody({ GITHUB_EVENT_PATH: path })).not.toHaveProperty("commit_timestamp");
  });
});

describe("commit_timestamp, from the committed bundle to the real worker", () => {
  let github: FakeOutside;
  let worker: RunningWorker;
  const SECRET = "whsec_aW50ZWdyYXRpb24tc2lnbmluZy1zZWNyZXQtMzJieXRlcw==";

  beforeEach(async () => {
    github = await startFakeOutside();
    worker = await startWorker({
      WEBHOOK_AUTH_TOKEN: SECRET,
      GITHUB_TOKEN: "ghp_integration",
      ADMIN_TOKEN: "integration-admin-token",
      GITHUB_API_URL: github.url,
    });
  });

  afterEach(async () => {
    await worker.stop();
    await github.close();
  });

  it("is accepted by internalbf in GitHub's form", async () => {
    const result = await runAction({
      inputs: { url: worker.url, secret: SECRET, "commit-sha": SHA, event: "staging_deployment_started" },
      github: { GITHUB_EVENT_PATH: await eventFile(push(SHA)) },
    });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.outputs["http-status"]).toBe("202");
  });
});
