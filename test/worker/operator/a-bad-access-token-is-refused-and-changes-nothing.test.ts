import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { BAD_ACCESS_TOKENS, operatorGet } from "../support/access";
import { decisionOf } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { expectNoChange } from "../support/state";

beforeEach(async () => {
  await reset();
  await outside.reset();
  // Something to change, so "nothing changed" is not vacuous.
  await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: sha(1) }));
});

it.each(BAD_ACCESS_TOKENS)(
  "answers 401 invalid_access_token to a token %s, and changes nothing",
  async (_kind, build) => {
    const token = await build();
    await expectNoChange(async () => {
      const response = await operatorGet("/pipeline", { "cf-access-jwt-assertion": token });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "invalid_access_token" } });
    });
  },
);
