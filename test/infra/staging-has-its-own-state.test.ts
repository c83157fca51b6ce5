import { describe, expect, it } from "vitest";
import { asBlock, type Environment, loadConfig } from "./terraform";

async function s3Backend(environment: Environment): Promise<Record<string, unknown>> {
  const config = await loadConfig(environment);
  const settings = asBlock(config.terraform[0], `${environment} terraform`);
  const backend = asBlock(settings.backend, `${environment} backend`);
  expect(Object.keys(backend)).toEqual(["s3"]);
  const s3 = backend.s3 as unknown[];
  expect(s3).toHaveLength(1);
  return asBlock(s3[0], `${environment} backend "s3"`);
}

describe("staging keeps its state in its own bucket with native S3 locking", () => {
  it("uses bucket bfterraform-staging, encrypted, locked by a lock file", async () => {
    const backend = await s3Backend("staging");
    expect(backend.bucket).toBe("bfterraform-staging");
    expect(backend.key).toBe("staging/terraform.tfstate");
    expect(backend.encrypt).toBe(true);
    expect(backend.use_lockfile).toBe(true);
    // Native locking replaces the DynamoDB lock table; having both would split the lock.
    expect(backend).not.toHaveProperty("dynamodb_table");
  });

  it("never shares a bucket or a key with production", async () => {
    const staging = await s3Backend("staging");
    const production = await s3Backend("production");
    expect(production.bucket).toBe("bfterraform");
    expect(production.use_lockfile).toBe(true);
    expect(production).not.toHaveProperty("dynamodb_table");
    expect(production.bucket).not.toBe(staging.bucket);
    expect(production.key).not.toBe(staging.key);
    expect(production.region).toBe(staging.region);
  });
});
