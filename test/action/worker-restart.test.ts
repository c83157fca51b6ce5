// A delivery internalbf answered before a restart is still the same delivery after it.
import { afterEach, expect, it } from "vitest";
import { type FakeOutside, startFakeOutside } from "../fakes/outside";
import { runAction } from "../support/action";
import { type RunningWorker, removeState, startWorker, stateFolder } from "../support/worker";

const SECRET = "whsec_cmVzdGFydC1zaWduaW5nLXNlY3JldC0zMi1ieXRlcyE=";
const SHA = "5eed000000000000000000000000000000000003";

let github: FakeOutside | undefined;
let worker: RunningWorker | undefined;
let state: string | undefined;

afterEach(async () => {
  await worker?.stop();
  await github?.close();
  if (state !== undefined) await removeState(state);
});

it("answers a step re-run after a worker restart with the first answer, dispatching nothing more", async () => {
  github = await startFakeOutside();
  state = await stateFolder();
  const vars = {
    WEBHOOK_AUTH_TOKEN: SECRET,
    GITHUB_TOKEN: "ghp_restart",
    ADMIN_TOKEN: "restart",
    GITHUB_API_URL: github.url,
  };
  const inputs = { secret: SECRET, event: "staging_deployment_complete", status: "success", "commit-sha": SHA };

  worker = await startWorker(vars, { persistTo: state });
  const first = await runAction({ inputs: { ...inputs, url: worker.url } });
  expect(first.outputs).toMatchObject({ decision: "production_dispatch_queued", "http-status": "202" });
  await waitFor(() => github?.state().requests.some((request) => request.route === "dispatch") === true);
  await worker.stop();

  worker = await startWorker(vars, { persistTo: state });
  const again = await runAction({ inputs: { ...inputs, url: worker.url } });
  expect(again.exitCode).toBe(0);
  expect(again.outputs).toMatchObject({ decision: "production_dispatch_queued", "http-status": "200" });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(github.state().requests.filter((request) => request.route === "dispatch")).toHaveLength(1);
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
