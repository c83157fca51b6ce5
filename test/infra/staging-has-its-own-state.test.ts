import { describe, expect, it } from "vitest";
import { asBlock, type Environment, loadConfig, parseHcl } from "./terraform";

/** The backend file of an environment, given to `terraform init -backend-config=state.s3.tfbackend`. */
const backendFile = (environment: Environment) => `infra/terraform/${environment}/state.s3.tfbackend`;

/** The S3 backend block of versions.tf, as written (a partial configuration). */
async function s3Block(environment: Environment): Promise<Record<string, unknown>> {
  const config = await loadConfig(environment);
  const settings = asBlock(config.terraform[0], `${environment} terraform`);
  const backend = asBlock(settings.backend, `${environment} backend`);
  expect(Object.keys(backend)).toEqual(["s3"]);
  const s3 = backend.s3 as unknown[];
  expect(s3).toHaveLength(1);
  return asBlock(s3[0], `${environment} backend "s3"`);
}

/** The backend Terraform initialises: the block, completed by the backend file. */
async function s3Backend(environment: Environment): Promise<Record<string, unknown>> {
  const block = await s3Block(environment);
  const file = await parseHcl(backendFile(environment));
  // A setting in both would be two places for it, the file silently winning.
  expect(Object.keys(file).filter((name) => name in block)).toEqual([]);
  return { ...block, ...file };
}

describe("staging keeps its state in its own bucket with native S3 locking", () => {
  it("names its bucket and region only in state.s3.tfbackend: a backend block reads no variables", async () => {
    for (const environment of ["staging", "production"] as const) {
      const block = await s3Block(environment);
      expect(block).not.toHaveProperty("bucket");
      expect(block).not.toHaveProperty("region");
      expect(Object.keys(await parseHcl(backendFile(environment))).sort()).toEqual(["bucket", "region"]);
    }
  });

  it("uses its own key, encrypted, locked by a lock file", async () => {
    const backend = await s3Backend("staging");
    expect(backend.bucket).toEqual(expect.stringMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/));
    expect(backend.key).toBe("staging/terraform.tfstate");
    expect(backend.encrypt).toBe(true);
    expect(backend.use_lockfile).toBe(true);
    // Native locking replaces the DynamoDB lock table; having both would split the lock.
    expect(backend).not.toHaveProperty("dynamodb_table");
  });

  it("never shares a bucket or a key with production", async () => {
    const staging = await s3Backend("staging");
    const production = await s3Backend("production");
    expect(production.bucket).toEqual(expect.stringMatching(/\S/));
    expect(production.use_lockfile).toBe(true);
    expect(production).not.toHaveProperty("dynamodb_table");
    expect(production.bucket).not.toBe(staging.bucket);
    expect(production.key).not.toBe(staging.key);
    expect(production.region).toBe(staging.region);
  });
});
