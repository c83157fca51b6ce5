import { runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { configOf } from "../../../worker/config";
import { pipelineGitHub } from "../../../worker/pipeline/github-token";
import { Settings } from "../../../worker/pipeline/store/settings";
import { pipeline } from "../support/pipeline";
import { appBindings, envWith, issuedTokens, useApp } from "./support";

const key = useApp();

it("asks GitHub once when many calls want a token at the same moment", async () => {
  const tokens = await runInDurableObject(pipeline(), async (_instance, state) => {
    const settings = new Settings(state.storage.sql);
    const transact = <T>(write: () => T): T => state.storage.transactionSync(write);
    const github = pipelineGitHub(configOf(envWith(appBindings(key))).github, settings, transact);
    const asked = await Promise.all(Array.from({ length: 8 }, () => github.credentials.token()));
    return asked.map((token) => (token.ok ? token.value.token : token.error));
  });

  const [issued, ...more] = await issuedTokens();
  expect(more).toEqual([]);
  expect(tokens).toEqual(Array(8).fill(issued?.token));
});
