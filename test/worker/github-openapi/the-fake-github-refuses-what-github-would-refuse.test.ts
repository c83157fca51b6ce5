// The fake GitHub holds every request against GitHub's own OpenAPI description: what the worker
// sends passes (here all four calls at once; every other test of this project also checks it, in
// ./setup.ts), and a request GitHub would refuse is answered as GitHub would, naming what is wrong.
import { reset } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { cronRun } from "../cron/support";
import { decisionOf, goLive, runFor } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled, travel } from "../support/pipeline";
import { takeViolations } from "./violations";

const base = (): string => (env as unknown as { GITHUB_API_URL: string }).GITHUB_API_URL;
const REPO = "/repos/bolt-foundry/monorepo";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

/** Sends one request to the fake GitHub as a client would. */
async function send(method: string, path: string, body?: unknown): Promise<{ status: number; answer: unknown }> {
  const response = await fetch(`${base()}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: "Bearer x" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, answer: await response.json() };
}

it("passes the worker's dispatch, compare, runs list and run by id", async () => {
  await outside.history([sha(1), sha(2)]);
  await goLive(1);
  // #2's dispatch answers 502 although GitHub ran it: the worker looks for the run in the list.
  await outside.script("dispatch", [{ status: 502, body: { message: "Bad Gateway" }, createRun: true }]);
  await decisionOf(notification({ commit_sha: sha(2) }));
  await settled();
  for (let passed = 0; passed < 65; passed += 5) {
    await travel(5_000);
    await settled();
  }
  await outside.runStatus((await runFor(2)).id, "in_progress");
  await cronRun();

  const github = (await outside.requests()).filter((request) => !["alert", "heartbeat"].includes(request.route));
  expect([...new Set(github.map((request) => request.route))].sort()).toEqual(["compare", "dispatch", "run", "runs"]);
  expect(await takeViolations()).toEqual([]);
});

it("answers a dispatch whose inputs is not an object with 422, and creates no run", async () => {
  const { status, answer } = await send("POST", `${REPO}/actions/workflows/deploy-production.yml/dispatches`, {
    ref: "main",
    inputs: "commit_sha=abc",
  });
  expect(status).toBe(422);
  expect(answer).toMatchObject({ message: "Invalid request.", errors: ["body/inputs must be object"] });
  expect(await outside.runs()).toEqual([]);
  expect(await takeViolations()).toMatchObject([
    { method: "POST", operationId: "actions/create-workflow-dispatch", problems: ["body/inputs must be object"] },
  ]);
});

it("answers a compare whose basehead is not BASE...HEAD with 422", async () => {
  const { status, answer } = await send("GET", `${REPO}/compare/${sha(1)}..main?per_page=1`);
  expect(status).toBe(422);
  expect(answer).toMatchObject({ errors: [expect.stringMatching(/^path basehead must be BASE\.\.\.HEAD/)] });
  expect((await takeViolations()).map((violation) => violation.operationId)).toEqual([
    "repos/compare-commits-with-basehead",
  ]);
});

it("answers a runs list with per_page=abc with 422", async () => {
  const { status, answer } = await send("GET", `${REPO}/actions/workflows/deploy-production.yml/runs?per_page=abc`);
  expect(status).toBe(422);
  expect(answer).toMatchObject({ errors: ['query per_page must be integer (got "abc")'] });
  expect(await takeViolations()).toHaveLength(1);
});

it("answers a path GitHub has no operation for with 404", async () => {
  const { status } = await send("GET", `${REPO}/actions/runs/1/nonsense`);
  expect(status).toBe(404);
  expect(await takeViolations()).toMatchObject([
    {
      operationId: null,
      problems: [`no operation GET ${REPO}/actions/runs/1/nonsense in GitHub's description`],
    },
  ]);
});

it("keeps a violation across a reset until a test takes it", async () => {
  await send("GET", `${REPO}/actions/runs/abc`);
  await outside.reset();
  expect((await takeViolations()).map((violation) => violation.problems)).toEqual([
    ['path run_id must be integer (got "abc")'],
  ]);
  expect(await takeViolations()).toEqual([]);
});
