// The worker project's setup file: after each test, the requests the fake GitHub refused (GitHub's
// own description says GitHub would) are taken and fail that test, naming each one.
import { afterEach } from "vitest";
import { describeViolations } from "../../fakes/contract";
import { takeViolations } from "./violations";

afterEach(async () => {
  const violations = await takeViolations();
  if (violations.length > 0) throw new Error(describeViolations(violations));
});
