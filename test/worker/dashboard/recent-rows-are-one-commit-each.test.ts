import { expect, it } from "vitest";
import { commitsOf, completed, incomplete } from "../../../worker/dashboard/rows";
import { commit, record, view } from "./support";

const [A, B, C] = [commit(1), commit(2), commit(3)];

it("groups a page of deployments by commit, in the order the commits first appear", () => {
  const rows = commitsOf([
    view({ sha: B, environment: "production" }),
    view({ sha: B, environment: "staging", status: "success" }),
    view({ sha: A, environment: "production" }),
  ]);
  expect(rows.map((row) => [row.sha, row.staging?.status ?? null, row.production?.status ?? null])).toEqual([
    [B, "success", "live"],
    [A, null, "live"],
  ]);
});

it("completes a commit whose other row is on another page from its record", () => {
  const rows = commitsOf([view({ sha: A }), view({ sha: C, environment: "staging", status: "failure" })]);
  // First page: a staging-only commit has no production row anywhere (it would be newer).
  expect(incomplete(rows, true)).toEqual([A]);
  expect(incomplete(rows, false)).toEqual([A, C]);
  const filled = completed(rows, new Map([[A, record(A)]]));
  expect(filled[0]?.staging?.status).toBe("success");
  expect(filled[1]?.production).toBeNull();
});
