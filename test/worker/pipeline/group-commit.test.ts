import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { GroupCommit } from "../../../worker/pipeline/group-commit";
import { notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled } from "../support/pipeline";

/** A GroupCommit whose turns run when the test says, recording which inputs ran in which turn. */
function manual<O>(record: (input: number) => O) {
  const pending: (() => void)[] = [];
  const turns: number[][] = [];
  let current: number[] | null = null;
  const group = new GroupCommit(
    (input: number) => {
      current?.push(input);
      return record(input);
    },
    (turn) => pending.push(turn),
  );
  const runTurn = () => {
    const turn = pending.shift();
    if (turn === undefined) throw new Error("no turn scheduled");
    current = [];
    turn();
    turns.push(current);
    current = null;
  };
  return { group, pending, turns, runTurn };
}

it("runs nothing when a call arrives, then every call of the turn together, in arrival order", async () => {
  const { group, pending, turns, runTurn } = manual((input) => input * 10);
  const outputs = [group.add(1), group.add(2), group.add(3)];
  expect(pending).toHaveLength(1);
  expect(turns).toEqual([]);
  runTurn();
  expect(turns).toEqual([[1, 2, 3]]);
  expect(await Promise.all(outputs)).toEqual([10, 20, 30]);
});

it("starts a new turn for calls that arrive after the last one ran", async () => {
  const { group, pending, turns, runTurn } = manual((input) => input);
  const first = group.add(1);
  runTurn();
  const second = group.add(2);
  expect(pending).toHaveLength(1);
  runTurn();
  expect(turns).toEqual([[1], [2]]);
  expect([await first, await second]).toEqual([1, 2]);
});

it("fails only the call whose record threw; the others of its turn still run and answer", async () => {
  const { group, runTurn } = manual((input) => {
    if (input === 2) throw new Error("constraint failed");
    return input;
  });
  const outputs = [group.add(1), group.add(2), group.add(3)].map((p) =>
    p.then(
      (value) => ({ ok: true, value }),
      (error: Error) => ({ ok: false, value: error.message }),
    ),
  );
  runTurn();
  expect(await Promise.all(outputs)).toEqual([
    { ok: true, value: 1 },
    { ok: false, value: "constraint failed" },
    { ok: true, value: 3 },
  ]);
});

it("by default runs a turn on a zero timer: calls made together share it", async () => {
  const turns: number[] = [];
  let turn = 0;
  const group = new GroupCommit((input: number) => {
    turns.push(turn);
    return input;
  });
  const together = [group.add(1), group.add(2)];
  turn = 1;
  await Promise.all(together);
  turn = 2;
  await group.add(3);
  expect(turns).toEqual([1, 1, 2]);
});

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it("records notifications sent together each on its own: every one answered and on the record", async () => {
  const commits = Array.from({ length: 20 }, (_, i) => sha(100 + i));
  const answers = await Promise.all(
    commits.map((commit) =>
      post(notification({ event: "staging_deployment_started", status: undefined, commit_sha: commit })),
    ),
  );
  expect(answers.map((answer) => answer.status)).toEqual(commits.map(() => 202));
  const rows = await query<{ sha: string; status: string }>(
    "SELECT sha, status FROM deployments WHERE environment = 'staging' ORDER BY sha",
  );
  expect(rows).toEqual(commits.map((commit) => ({ sha: commit, status: "started" })));
  expect(await query("SELECT count(*) AS n FROM deliveries")).toEqual([{ n: 20 }]);
});

it("answers one delivery sent twice together once as new and once as its repeat, with the same body", async () => {
  const sent = notification({ commit_sha: sha(7) });
  const [a, b] = await Promise.all([post(sent, { id: "msg_twice" }), post(sent, { id: "msg_twice" })]);
  expect([a.status, b.status].sort()).toEqual([200, 202]);
  expect(await a.text()).toBe(await b.text());
  await settled();
  expect(await outside.dispatched()).toEqual([sha(7)]);
});
