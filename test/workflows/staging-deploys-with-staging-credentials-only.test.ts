import { expect, it } from "vitest";
import { job, readWorkflow } from "./support/workflows";

it("deploys staging with the *_STAGING secrets only, so a staging run cannot touch production", () => {
  const { workflow } = readWorkflow("deploy-staging.yml");
  const used = [...JSON.stringify(job(workflow, "deploy")).matchAll(/secrets\.([A-Z0-9_]+)/g)].map((match) => match[1]);

  expect(new Set(used)).toEqual(
    new Set([
      "AWS_ACCESS_KEY_ID_STAGING",
      "AWS_SECRET_ACCESS_KEY_STAGING",
      "HETZNER_API_TOKEN_STAGING",
      "CLOUDFLARE_API_TOKEN_STAGING",
      "SSH_PRIVATE_KEY_STAGING",
      "KAMAL_REGISTRY_PASSWORD_STAGING",
    ]),
  );
});
