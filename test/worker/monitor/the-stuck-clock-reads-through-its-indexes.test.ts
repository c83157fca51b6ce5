// The stuck clock is read on every reschedule of the alarm: however many stagings never reported,
// each of its queries searches a partial index (deployments_moving, deployments_stuck).
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { Deployments } from "../../../worker/pipeline/store/deployments";
import { decisionOf } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { queryPlans } from "../support/plans";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it("every query of the stuck clock searches its partial index", async () => {
  await decisionOf(notification({ event: "staging_deployment_started", commit_sha: sha(1), status: undefined }));
  const plans = await queryPlans((recording) => {
    const deployments = new Deployments(recording);
    expect(deployments.earliestMoving()).not.toBeNull();
    deployments.overdue(Date.now());
    deployments.stuck();
    deployments.stuckCount();
  });
  expect(plans.map(({ plan }) => plan)).toEqual([
    ["SEARCH deployments USING INDEX deployments_moving"],
    ["SEARCH deployments USING INDEX deployments_moving (moved_at<?)"],
    ["SEARCH deployments USING INDEX deployments_stuck (stuck_since>?)"],
    ["SEARCH deployments USING COVERING INDEX deployments_stuck (stuck_since>?)"],
  ]);
});
