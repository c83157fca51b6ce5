import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { accessActor, teamKeys } from "../../../worker/operator/access";
import { ACCESS_AUD, accessTeam, accessToken, NEXT_ACCESS_KEY, team } from "../support/access";
import { outside } from "../support/outside";

beforeEach(() => outside.reset());
afterEach(() => vi.useRealTimers());

// A key set of its own, as an isolate starts with, so no other test's fetches count here.
const verifier = () => {
  const access = { teamDomain: team(), audience: ACCESS_AUD };
  const keys = teamKeys(access.teamDomain);
  return (token: string) => accessActor(token, access, keys);
};

const unknownKid = () => accessToken({ key: NEXT_ACCESS_KEY, kid: "never-published" });

it("fetches the keys once for the first token, then once more per 30 s however many unknown kids arrive", async () => {
  const start = Date.now();
  const verify = verifier();
  expect(await verify(await accessToken())).toBe("ana@example.com");
  expect(await accessTeam.fetches()).toBe(1);

  for (let n = 0; n < 5; n++) {
    await expect(verify(await unknownKid())).rejects.toMatchObject({ status: 401, code: "invalid_access_token" });
  }
  expect(await accessTeam.fetches()).toBe(1);

  vi.setSystemTime(start + 31_000);
  await expect(verify(await unknownKid())).rejects.toMatchObject({ code: "invalid_access_token" });
  await expect(verify(await unknownKid())).rejects.toMatchObject({ code: "invalid_access_token" });
  expect(await accessTeam.fetches()).toBe(2);
  expect(await verify(await accessToken())).toBe("ana@example.com");
  expect(await accessTeam.fetches()).toBe(2);
});

it("picks up a rotated key with the first token signed by it, once the cooldown has passed", async () => {
  const start = Date.now();
  const verify = verifier();
  await verify(await accessToken());
  await accessTeam.publish([NEXT_ACCESS_KEY]);
  vi.setSystemTime(start + 31_000);
  expect(await verify(await accessToken({ key: NEXT_ACCESS_KEY }))).toBe("ana@example.com");
  expect(await accessTeam.fetches()).toBe(2);
});
