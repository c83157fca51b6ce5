// The fake GitHub every test shares (test/fakes/outside.ts): each of its default answers follows
// GitHub's response schema for that operation, and a request GitHub would refuse fails the Node test
// that sent it when the fake is closed, unless the test took it.
import { afterEach, beforeEach, expect, it } from "vitest";
import { checkResponse } from "../../local/github/openapi.ts";
import { type FakeOutside, startFakeOutside } from "../fakes/outside.ts";

const REPO = "/repos/bolt-foundry/monorepo";
const DISPATCH = `${REPO}/actions/workflows/deploy-production.yml/dispatches`;
const sha = (n: number) => n.toString(16).padStart(8, "0").repeat(5);

let fake: FakeOutside;

beforeEach(async () => {
  fake = await startFakeOutside();
  fake.state().history = [sha(1), sha(2)];
  fake.state().diverged = [sha(9)];
});

afterEach(async () => {
  await fake.close();
});

async function send(method: string, path: string, body?: unknown): Promise<{ status: number; answer: unknown }> {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, answer: text === "" ? undefined : JSON.parse(text) };
}

const dispatch = (n: number, returnRunDetails: boolean) =>
  send("POST", DISPATCH, {
    ref: "main",
    inputs: { commit_sha: sha(n), triggered_by: "internalbf-staging-success", dispatch_id: `ibf-${n}` },
    ...(returnRunDetails ? { return_run_details: true } : {}),
  });

it("answers a dispatch with its run's details (200) or nothing (204), as the description says", async () => {
  const details = await dispatch(1, true);
  expect(details.status).toBe(200);
  expect(checkResponse("actions/create-workflow-dispatch", 200, details.answer)).toEqual([]);
  const bare = await dispatch(2, false);
  expect(bare.status).toBe(204);
  expect(checkResponse("actions/create-workflow-dispatch", 204, bare.answer)).toEqual([]);
});

it("answers a compare, ahead, behind, identical or diverged, as the description says", async () => {
  for (const [basehead, status] of [
    [`${sha(1)}...${sha(2)}`, "ahead"],
    [`${sha(2)}...${sha(1)}`, "behind"],
    [`${sha(2)}...main`, "identical"],
    [`${sha(1)}...${sha(9)}`, "diverged"],
  ] as const) {
    const { status: code, answer } = await send("GET", `${REPO}/compare/${basehead}?per_page=1`);
    expect(code).toBe(200);
    expect(answer).toMatchObject({ status });
    expect(checkResponse("repos/compare-commits-with-basehead", 200, answer)).toEqual([]);
  }
});

it("answers the runs list and one run, dispatched or run by hand, in every status, as the description says", async () => {
  await dispatch(1, true);
  const hand = (await (
    await fetch(`${fake.url}/__fake/hand-run`, { method: "POST", body: JSON.stringify({ commit_sha: sha(2) }) })
  ).json()) as { id: number };
  const list = await send("GET", `${REPO}/actions/workflows/deploy-production.yml/runs?event=workflow_dispatch`);
  expect(list.answer).toMatchObject({ total_count: 2 });
  expect(checkResponse("actions/list-workflow-runs", 200, list.answer)).toEqual([]);
  for (const [status, conclusion] of [
    ["queued", null],
    ["waiting", null],
    ["completed", "success"],
  ] as const) {
    await fetch(`${fake.url}/__fake/run-status`, {
      method: "POST",
      body: JSON.stringify({ id: hand.id, status, conclusion }),
    });
    const one = await send("GET", `${REPO}/actions/runs/${hand.id}`);
    expect(one.answer).toMatchObject({ id: hand.id, status, conclusion, head_sha: sha(2) });
    expect(checkResponse("actions/get-workflow-run", 200, one.answer)).toEqual([]);
  }
});

it("keeps the test-only fields of its runs beside GitHub's", async () => {
  await dispatch(1, true);
  const [run] = fake.state().runs;
  const one = await send("GET", `${REPO}/actions/runs/${run?.id}`);
  expect(one.answer).toMatchObject({ commit_sha: sha(1), dispatch_id: "ibf-1", display_title: run?.display_title });
});

it("answers a request GitHub would refuse with 422, records it, and hands it to the test that takes it", async () => {
  const refused = await send("POST", DISPATCH, { ref: "main", inputs: [sha(1)] });
  expect(refused).toEqual({
    status: 422,
    answer: {
      message: "Invalid request.",
      errors: ["body/inputs must be object"],
      documentation_url: expect.any(String),
    },
  });
  expect(fake.state().runs).toEqual([]);
  expect(fake.violations()).toMatchObject([
    { method: "POST", path: DISPATCH, problems: ["body/inputs must be object"] },
  ]);
  expect(fake.violations()).toEqual([]);
});

it("fails its close, once stopped, naming a violation no test took", async () => {
  await send("GET", `${REPO}/actions/runs/abc`);
  const closing = fake.close();
  await expect(closing).rejects.toThrow(
    `GitHub's description refuses 1 request(s) sent to the fake GitHub:\n  GET ${REPO}/actions/runs/abc: path run_id must be integer (got "abc")`,
  );
  await expect(fetch(`${fake.url}/__fake/state`)).rejects.toThrow();
  // Closed already, and nothing left to name: the afterEach's close has nothing to say.
  fake = { ...fake, close: async () => {} };
});
