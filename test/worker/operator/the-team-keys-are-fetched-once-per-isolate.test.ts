import { beforeEach, expect, it } from "vitest";
import { accessTeam, accessToken, operatorGet } from "../support/access";
import { outside } from "../support/outside";

beforeEach(() => outside.reset());

it("fetches the team's keys at most once for many requests", async () => {
  for (let n = 0; n < 5; n++) {
    const response = await operatorGet("/pipeline", { "cf-access-jwt-assertion": await accessToken() });
    expect(response.status).toBe(200);
  }
  // None where an earlier test of this isolate fetched them already.
  expect(await accessTeam.fetches()).toBeLessThanOrEqual(1);
});
