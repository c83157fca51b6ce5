import { expect, it } from "vitest";
import { accessActor, teamKeys } from "../../../worker/operator/access";
import { ACCESS_AUD, accessToken, team } from "../support/access";
import { outside } from "../support/outside";

it.each([
  ["answers 500", { status: 500 }],
  ["drops the connection", { reset: true }],
  ["answers something that is not a key set", { status: 200, body: { keys: "none" } }],
])("answers 503 access_keys_unavailable while the team's certs endpoint %s", async (_name, scripted) => {
  await outside.reset();
  await outside.script("access_certs", [scripted]);
  const access = { teamDomain: team(), audience: ACCESS_AUD };
  await expect(accessActor(await accessToken(), access, teamKeys(team()))).rejects.toMatchObject({
    status: 503,
    code: "access_keys_unavailable",
  });
});
