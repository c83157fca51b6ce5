// One staging success delivered 50 times at once (the same webhook-id: a retrying sender, a step
// re-run) is one decision and one production dispatch.
import { expect, it } from "vitest";
import { freshSha, push } from "../../local/notify.ts";
import { LOCAL_ADMIN, LOCAL_SECRET } from "../../local/settings.ts";
import { EVENT_PATHS, importSecret, signatureHeaders } from "../../worker/protocol/index.ts";
import { until, useLocal } from "./support.ts";

const running = useLocal();

it("answers 50 concurrent redeliveries of one staging success with one decision and dispatches once", async () => {
  const local = running();
  const github = local.github;
  if (github === null) throw new Error("no stand-in");
  const base = local.worker.base;
  const sha = freshSha();
  await push(github.url, [sha]);
  const body = JSON.stringify({
    event: "staging_deployment_complete",
    status: "success",
    commit_sha: sha,
    repository: "bolt-foundry/monorepo",
    run_id: 777,
    run_attempt: 1,
    timestamp: new Date().toISOString(),
  });
  const key = await importSecret(LOCAL_SECRET);
  const headers = await signatureHeaders(
    [key],
    "msg_fifty_redeliveries",
    Math.floor(Date.now() / 1000),
    new TextEncoder().encode(body),
  );
  const answers = await Promise.all(
    Array.from({ length: 50 }, async () => {
      const response = await fetch(`${base}${EVENT_PATHS.staging_deployment_complete}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
      return { status: response.status, body: (await response.json()) as { decision?: string } };
    }),
  );
  expect(new Set(answers.map((answer) => answer.body.decision))).toEqual(new Set(["production_dispatch_queued"]));
  expect(answers.filter((answer) => answer.status === 202)).toHaveLength(1);
  expect(answers.filter((answer) => answer.status === 200)).toHaveLength(49);

  await until(`${sha} to go live`, async () => {
    const record = (await (
      await fetch(`${base}/deployments/${sha}`, { headers: { authorization: `Bearer ${LOCAL_ADMIN}` } })
    ).json()) as { production?: { status?: string } };
    return record.production?.status === "live" ? true : undefined;
  });
  await local.cron();
  expect(github.dispatches().filter((dispatch) => dispatch.commit_sha === sha)).toHaveLength(1);
}, 120_000);
