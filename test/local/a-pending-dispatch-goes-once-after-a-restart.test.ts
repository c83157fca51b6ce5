// The worker process stops while a production dispatch is pending (GitHub answered 429) and starts
// again on its persisted state: the dispatch is sent exactly once, and the commit goes live.
import { expect, it } from "vitest";
import { freshSha, notifyStaging, push } from "../../local/notify.ts";
import { LOCAL_ADMIN } from "../../local/settings.ts";
import { until, useLocal } from "./support.ts";

const running = useLocal();

const outage = (github: string, body: Record<string, unknown>) =>
  fetch(`${github}/__local/outage`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

it("sends a dispatch that was pending when the worker stopped exactly once after it starts again", async () => {
  const local = running();
  const github = local.github;
  if (github === null) throw new Error("no stand-in");
  const sha = freshSha();
  await push(github.url, [sha]);
  await outage(github.url, { status: 429, headers: { "retry-after": "1" } });
  const dispatchesTo = () => github.requests().filter((request) => request.path.endsWith("/dispatches"));

  const step = await notifyStaging({
    base: local.worker.base,
    repository: "bolt-foundry/monorepo",
    sha,
    status: "success",
    runId: 4242,
  });
  expect(step.outputs.decision).toBe("production_dispatch_queued");
  await until("GitHub to refuse the first dispatch", async () => (dispatchesTo().length > 0 ? true : undefined));
  await local.stopWorker();
  await outage(github.url, {});
  // Long past Retry-After, with the worker down: nothing more was sent.
  await new Promise((done) => setTimeout(done, 2_000));
  expect(dispatchesTo().map((request) => request.status)).toEqual([429]);

  await local.restartWorker();
  const base = local.worker.base;
  await until(
    `${sha} to go live after the restart`,
    async () => {
      const record = (await (
        await fetch(`${base}/deployments/${sha}`, { headers: { authorization: `Bearer ${LOCAL_ADMIN}` } })
      ).json()) as { production?: { status?: string } };
      return record.production?.status === "live" ? true : undefined;
    },
    90_000,
  );
  // A cron run after it finds nothing more to send.
  await local.cron();
  await new Promise((done) => setTimeout(done, 500));
  expect(dispatchesTo().map((request) => request.status)).toEqual([429, 200]);
  expect(github.dispatches().filter((dispatch) => dispatch.commit_sha === sha)).toHaveLength(1);
}, 180_000);
