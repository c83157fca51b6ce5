import { reset, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { GroupCommit } from "../../../worker/pipeline/group-commit";
import type { Pipeline } from "../../../worker/pipeline/Pipeline";
import { notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { pipeline, query, settled } from "../support/pipeline";

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
    (run) => pending.push(run),
  );
  const runTurn = () => {
    const run = pending.shift();
    if (run === undefined) throw new Error("no turn scheduled");
    current = [];
    run();
    turns.push(current);
    current = null;
  };
  return { group, pending, turns, runTurn };
}

const settledOf = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error: Error) => ({ ok: false, value: error.message }),
  );

describe("GroupCommit", () => {
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
    const outputs = [group.add(1), group.add(2), group.add(3)].map(settledOf);
    runTurn();
    expect(await Promise.all(outputs)).toEqual([
      { ok: true, value: 1 },
      { ok: false, value: "constraint failed" },
      { ok: true, value: 3 },
    ]);
  });

  it("by default waits for a zero timer, not a microtask: calls a microtask apart share the turn", async () => {
    const turns: number[] = [];
    let turn = 0;
    const group = new GroupCommit((input: number) => {
      turns.push(turn);
      return input;
    });
    const first = group.add(1);
    await null;
    const second = group.add(2);
    turn = 1;
    await Promise.all([first, second]);
    turn = 2;
    await group.add(3);
    expect(turns).toEqual([1, 1, 2]);
  });
});

describe("the Pipeline's intake", () => {
  beforeEach(async () => {
    await reset();
    await outside.reset();
  });

  const started = (n: number) =>
    notification({ event: "staging_deployment_started", status: undefined, commit_sha: sha(n) });

  it("writes nothing when notifications arrive; on its next turn records each, a repeat answered as one", async () => {
    const answers = await runInDurableObject(pipeline(), async (instance: Pipeline, state) => {
      const arriving = [
        instance.receive("msg_a", started(1)),
        instance.receive("msg_a", started(1)),
        instance.receive("msg_b", started(2)),
      ];
      expect(state.storage.sql.exec("SELECT count(*) AS n FROM deliveries").one().n).toBe(0);
      return Promise.all(arriving);
    });
    expect(answers.map((answer) => answer.status)).toEqual([202, 200, 202]);
    expect(answers[1]?.body).toBe(answers[0]?.body);
    expect(await query("SELECT id FROM deliveries ORDER BY id")).toEqual([{ id: "msg_a" }, { id: "msg_b" }]);
  });

  it("rolls back only the notification that failed; the others of its turn are recorded", async () => {
    const outcomes = await runInDurableObject(pipeline(), async (instance: Pipeline) => {
      // The store writes the failing notification's rows, then throws: its transaction must undo them.
      const store = (instance as unknown as { store: { apply: (...args: unknown[]) => boolean } }).store;
      const apply = store.apply.bind(store);
      store.apply = (...args: unknown[]) => {
        const immediate = apply(...args);
        if (args[2] === "msg_bad") throw new Error("disk full");
        return immediate;
      };
      return Promise.all(
        [
          instance.receive("msg_1", started(1)),
          instance.receive("msg_bad", started(2)),
          instance.receive("msg_3", started(3)),
        ].map(settledOf),
      );
    });
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    expect(await query("SELECT sha FROM deployments ORDER BY sha")).toEqual([{ sha: sha(1) }, { sha: sha(3) }]);
    expect(await query("SELECT count(*) AS n FROM events WHERE sha = ?", sha(2))).toEqual([{ n: 0 }]);
    expect(await query("SELECT id FROM deliveries ORDER BY id")).toEqual([{ id: "msg_1" }, { id: "msg_3" }]);
  });

  it("answers notifications sent together over HTTP, every one on the record", async () => {
    const commits = Array.from({ length: 20 }, (_, i) => 100 + i);
    const answers = await Promise.all(commits.map((n) => post(started(n))));
    expect(answers.map((answer) => answer.status)).toEqual(commits.map(() => 202));
    const rows = await query<{ sha: string; status: string }>(
      "SELECT sha, status FROM deployments WHERE environment = 'staging' ORDER BY sha",
    );
    expect(rows).toEqual(commits.map((n) => ({ sha: sha(n), status: "started" })));
    await settled();
  });
});
