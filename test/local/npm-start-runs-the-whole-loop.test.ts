// The README's quickstart as a newcomer types it: `npm start`, then `npm run notify -- staging
// success` in another terminal, `npm run demo` (twice: it passes again on the same state), Ctrl-C.
import { afterAll, expect, it } from "vitest";
import { LOCAL_ADMIN } from "../../local/settings.ts";
import { freePair, isFree, npm, npmStart, removeState, tempState, until } from "./support.ts";

let state = "";
let stop: (() => Promise<void>) | undefined;

afterAll(async () => {
  await stop?.();
  await removeState(state);
});

it("npm start runs internalbf and a GitHub stand-in; a staging success goes live; the demo passes twice; Ctrl-C stops it all", async () => {
  const port = await freePair();
  state = await tempState();
  const env = { PORT: String(port), INTERNALBF_STATE_DIR: state, STAND_IN_STEP_MS: "300" };
  const started = npmStart(env);
  stop = started.interrupt;
  await until("npm start's banner", async () =>
    started.output().includes("internalbf is running on") ? true : undefined,
  );
  const output = started.output();
  expect(output).toContain(`dashboard  http://127.0.0.1:${port}/`);
  expect(output).toContain(`password: ${LOCAL_ADMIN}`);
  expect(output).toContain(`GitHub     http://127.0.0.1:${port + 1}`);
  expect(output).toContain("npm run notify -- staging success");

  const base = `http://127.0.0.1:${port}`;
  const dashboard = await fetch(`${base}/`, {
    headers: {
      authorization: `Basic ${Buffer.from(`newcomer:${LOCAL_ADMIN}`).toString("base64")}`,
      accept: "text/html",
    },
  });
  expect(dashboard.status).toBe(200);

  const notified = await npm(["run", "--silent", "notify", "--", "staging", "success"], env);
  expect(notified.exitCode, notified.stderr).toBe(0);
  const sha = /^([0-9a-f]{40}): internalbf said production_dispatch_queued/m.exec(notified.stdout)?.[1];
  expect(sha, notified.stdout).toBeDefined();
  await until(`${sha} to go live`, async () => {
    const record = (await (
      await fetch(`${base}/deployments/${sha}`, { headers: { authorization: `Bearer ${LOCAL_ADMIN}` } })
    ).json()) as { production?: { status?: string } };
    return record.production?.status === "live" ? true : undefined;
  });
  await until("the stand-in to print the run", async () =>
    /github {2}run \d+ completed: success/.test(started.output()) ? true : undefined,
  );

  for (const round of [1, 2]) {
    const demo = await npm(["run", "--silent", "demo"], env);
    expect(demo.exitCode, `demo round ${round}:\n${demo.stdout}\n${demo.stderr}`).toBe(0);
    expect(demo.stdout).toContain("6 of 6 flows behaved as described.");
    expect(demo.stdout).toContain(`The dashboard: ${base}/`);
  }

  const { requests } = (await (await fetch(`http://127.0.0.1:${port + 1}/__local/requests`)).json()) as {
    requests: { method: string; path: string; problems: string[] }[];
  };
  expect(requests.length).toBeGreaterThan(10);
  expect(requests.filter((request) => request.problems.length > 0)).toEqual([]);

  await started.interrupt();
  stop = undefined;
  // npm itself dies of the SIGINT, as in a terminal; what it started stopped cleanly.
  expect(started.output()).toContain("Stopping");
  expect(await isFree(port)).toBe(true);
  expect(await isFree(port + 1)).toBe(true);
}, 300_000);
