import { expect, it } from "vitest";
import { readWorkflow, steps, workflowFiles } from "./support/workflows";

const jobs = workflowFiles().flatMap((file) =>
  Object.entries(readWorkflow(file).workflow.jobs).map(([id, found]) => [`${file} ${id}`, found] as const),
);

it.each(jobs)("%s has a name, a timeout of at most 30 minutes, and names every step", (_where, found) => {
  expect(found.name).toEqual(expect.any(String));
  expect(found["timeout-minutes"]).toBeGreaterThan(0);
  expect(found["timeout-minutes"]).toBeLessThanOrEqual(30);
  expect(steps(found).filter((one) => typeof one.name !== "string" || one.name.trim() === "")).toEqual([]);
});
