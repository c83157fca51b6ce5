import { describe, expect, it } from "vitest";
import { type Action, COMMANDS, type CommandName } from "../../../worker/dashboard/actions";
import { confirmBody, confirmForm } from "../../../worker/dashboard/confirm";
import { commit, context, count } from "./support";

const A = commit(1);
const ALL = Object.keys(COMMANDS) as CommandName[];
const actionOf = (command: CommandName): Action => ({
  command,
  sha: ["freeze", "unfreeze", "hold", "release"].includes(command) ? null : A,
});

describe("a confirmation", () => {
  it.each(ALL)("%s: one form, posting to its route, with one required reason and one submit button", (command) => {
    const action = actionOf(command);
    const form = confirmForm(action, context({ back: "/?cursor=9" }), "x").text;
    expect(count(form, /<form /)).toBe(1);
    expect(form).toContain(`method="post" action="${COMMANDS[command].path(action.sha)}"`);
    expect(count(form, /name="reason"/)).toBe(1);
    expect(form).toMatch(/name="reason" required/);
    expect(count(form, /<button/)).toBe(1);
    expect(count(form, /type="submit"/)).toBe(1);
    expect(form).toContain(`<input type="hidden" name="csrf" value="${"c".repeat(64)}">`);
    expect(form).toContain('<input type="hidden" name="back" value="/?cursor=9">');
    expect(form.includes('name="_method" value="DELETE"')).toBe(COMMANDS[command].method === "DELETE");
  });

  it("sends the DELETE routes as a POST with _method=DELETE", () => {
    expect(ALL.filter((command) => COMMANDS[command].method === "DELETE")).toEqual(["unfreeze", "release", "unblock"]);
    expect(COMMANDS.unblock.path(A)).toBe(`/deployments/${A}/block`);
  });

  it("asks a freeze's optional end as a datetime-local read as UTC", () => {
    const form = confirmForm({ command: "freeze", sha: null }, context(), "x").text;
    expect(form).toContain('<input type="datetime-local" id="x-until" name="until"');
    expect(form).toContain("Read as UTC");
  });

  it("sends a rollback's target as `to` only when it names one", () => {
    expect(confirmForm({ command: "rollback", sha: A }, context(), "x").text).toContain(
      `<input type="hidden" name="to" value="${A}">`,
    );
    expect(confirmForm({ command: "rollback", sha: null }, context(), "x").text).not.toContain('name="to"');
  });

  it("as a page, links back to where it came from", () => {
    expect(confirmBody({ command: "hold", sha: null }, context({ back: "/?cursor=9" })).text).toContain(
      '<a href="/?cursor=9">Cancel: back to the page</a>',
    );
  });
});
