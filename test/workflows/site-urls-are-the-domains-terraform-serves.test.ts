// Each deploy workflow names its site's URL once, in its env block, and that URL is the domain
// Terraform points at the environment's server (infra/terraform/names.tfvars): an adopter who
// changes one and not the other hears it here, not from a failed deploy.
import { expect, it } from "vitest";
import { nameIn, readNames } from "../infra/terraform";
import { expr, job, readWorkflow } from "./support/workflows";

it.each([
  ["staging", "deploy-staging.yml", "deploy", "STAGING_URL"],
  ["production", "deploy-production.yml", "deploy", "PRODUCTION_URL"],
] as const)(
  "%s: %s's %s job serves env.%s, the https URL of Terraform's domain",
  async (environment, file, jobId, name) => {
    const { workflow } = readWorkflow(file);
    expect(workflow.env?.[name]).toBe(`https://${nameIn(await readNames(), "domains", environment)}`);
    expect(job(workflow, jobId).environment).toEqual({ name: environment, url: expr(`env.${name}`) });
  },
);
