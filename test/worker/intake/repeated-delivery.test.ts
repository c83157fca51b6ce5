import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";
import { expectNoChange } from "../support/state";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it("answers a repeated webhook-id with the first answer, 200, and does nothing else", async () => {
  const first = await post(notification({ commit_sha: sha(7) }), { id: "msg_repeat" });
  expect(first.status).toBe(202);
  const firstAnswer = await first.json();
  await settled();
  await expectNoChange(async () => {
    const again = await post(notification({ commit_sha: sha(7) }), { id: "msg_repeat" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(firstAnswer);
  });
  expect(await outside.dispatched()).toEqual([sha(7)]);
});

it("does not dispatch twice when a different delivery repeats a staging success", async () => {
  await post(notification({ commit_sha: sha(8) }), { id: "msg_a" });
  await settled();
  const again = await post(notification({ commit_sha: sha(8), run_attempt: 2 }), { id: "msg_b" });
  expect(((await again.json()) as { decision: string }).decision).toBe("recorded");
  await settled();
  expect(await outside.dispatched()).toEqual([sha(8)]);
});
