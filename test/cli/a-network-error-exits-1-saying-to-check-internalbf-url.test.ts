import { createServer } from "node:net";
import { expect, it } from "vitest";
import { cli } from "./support/cli";

/** A port on 127.0.0.1 nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

it("a worker that cannot be reached exits 1 with what failed and what to check", async () => {
  const url = `http://127.0.0.1:${await closedPort()}`;
  const run = await cli(["status"], { INTERNALBF_URL: url, INTERNALBF_ADMIN_TOKEN: "adm_not-printed" });
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toContain(`internalbf: could not reach ${url}: `);
  expect(run.stderr).toContain("ECONNREFUSED");
  expect(run.stderr).toContain("check INTERNALBF_URL and that the worker is up");
  expect(run.stderr).not.toContain("adm_not-printed");
});
