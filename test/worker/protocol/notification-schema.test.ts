import { describe, expect, it } from "vitest";
import { parseNotification } from "../../../worker/protocol";
import { notification } from "../support/notify";

const fieldsOf = (body: unknown) => {
  const parsed = parseNotification(body);
  return parsed.ok ? [] : parsed.errors.map((error) => error.field);
};

describe("parseNotification", () => {
  it("accepts a complete notification and drops unknown fields", () => {
    const parsed = parseNotification({ ...notification(), extra: "ignored" });
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && "extra" in parsed.value).toBe(false);
  });

  it("reports every invalid field at once", () => {
    expect(
      fieldsOf({
        event: "deployed",
        commit_sha: "abc",
        timestamp: "yesterday",
        repository: "nope",
        run_id: "1",
        details: 5,
      }),
    ).toEqual(["event", "commit_sha", "timestamp", "repository", "run_id", "details"]);
  });

  it("requires a status on *_complete events only", () => {
    expect(fieldsOf(notification({ status: undefined }))).toEqual(["status"]);
    expect(fieldsOf(notification({ event: "staging_deployment_started", status: undefined }))).toEqual([]);
  });

  it("refuses an unknown status word", () => {
    expect(fieldsOf(notification({ status: "succeeded" }))).toEqual(["status"]);
  });

  it("refuses an uppercase or short commit SHA", () => {
    expect(fieldsOf(notification({ commit_sha: "A".repeat(40) }))).toEqual(["commit_sha"]);
    expect(fieldsOf(notification({ commit_sha: "a".repeat(39) }))).toEqual(["commit_sha"]);
  });

  it("allows details up to 4,000 characters and no more", () => {
    expect(fieldsOf(notification({ details: "x".repeat(4000) }))).toEqual([]);
    expect(fieldsOf(notification({ details: "x".repeat(4001) }))).toEqual(["details"]);
  });

  it("refuses a body that is not an object", () => {
    expect(fieldsOf([notification()])).toEqual(["(body)"]);
    expect(fieldsOf(null)).toEqual(["(body)"]);
  });
});
