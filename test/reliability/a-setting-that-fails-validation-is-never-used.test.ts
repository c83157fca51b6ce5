// Defect 5: a GitHub setting that fails validation was reported by /health and used all the same
// (dispatches went out, with the token, to a URL that failed the check). Now nothing is sent to
// GitHub while one fails: the deployment waits visibly (dispatch pending, /health 503 naming the
// setting), the wait uses up no attempt, and the dispatch goes out once the worker is deployed
// with the setting fixed. Each setting's bad value would reach the fake on 127.0.0.1 if it were used.
import { afterEach, expect, it } from "vitest";
import { decisionOf, deliver } from "./support/intake";
import { read, recordOf, waitFor } from "./support/observe";
import { notification, sha, startWorld, type World } from "./support/world";

let world: World | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Each setting's bad value, and the good one a later deploy brings (always on the fake: never GitHub itself). */
const CASES: readonly { name: string; bad: (fake: string) => string; good: (fake: string) => string }[] = [
  // Credentials in the URL: it is on loopback, so it would reach the fake if it were used.
  { name: "GITHUB_API_URL", bad: (fake) => fake.replace("http://", "http://token:leak@"), good: (fake) => fake },
  { name: "PRODUCTION_WORKFLOW", bad: () => "deploy production.yml", good: () => "deploy-production.yml" },
  { name: "PRODUCTION_REF", bad: () => "ma in", good: () => "main" },
  { name: "GITHUB_REPO", bad: () => "mono repo", good: () => "monorepo" },
];

it.each(CASES)(
  "a $name that fails validation is never used: the dispatch waits visibly, then goes out once after a deploy that fixes it",
  async ({ name, bad, good }) => {
    world = await startWorld({ persisted: true, vars: (fake) => ({ [name]: bad(fake) }) });
    const current = world;
    const commit = sha(0x5e7);
    // The repository a notification must name follows GITHUB_REPO, even a malformed one.
    const repository = name === "GITHUB_REPO" ? "bolt-foundry/mono repo" : undefined;
    const answer = await deliver(
      current.worker().url,
      notification({ commit_sha: commit, ...(repository === undefined ? {} : { repository }) }),
    );
    if (name === "GITHUB_REPO") {
      // A malformed repository matches no valid notification: refused, nothing recorded.
      expect(answer.status).toBe(400);
    } else {
      expect(decisionOf(answer)).toBe("production_dispatch_queued");
    }
    await current.worker().triggerCron();

    const health = await read(current.worker(), "/health");
    expect(health.status).toBe(503);
    expect(JSON.stringify(health.body)).toContain(name);
    const github = () => current.fake.state().requests.filter((request) => request.route !== "alert");
    expect(github()).toEqual([]);
    if (name === "GITHUB_REPO") return;

    const record = await recordOf(current.worker(), commit);
    expect(record?.production?.status).toBe("dispatching");
    expect(record?.effects.find((effect) => effect.kind === "dispatch")).toMatchObject({
      state: "pending",
      attempts: 0,
      last_error: expect.stringContaining(`${name} failed validation`),
    });

    await current.redeploy({ [name]: good(current.fake.url) });
    await current.worker().triggerCron();
    await waitFor(async () => {
      expect((await recordOf(current.worker(), commit))?.production?.status).toBe("dispatched");
    });
    const dispatches = current.fake.state().requests.filter((request) => request.route === "dispatch");
    expect(dispatches).toHaveLength(1);
    expect(dispatches[0]?.path).toBe("/repos/bolt-foundry/monorepo/actions/workflows/deploy-production.yml/dispatches");
  },
  120_000,
);
