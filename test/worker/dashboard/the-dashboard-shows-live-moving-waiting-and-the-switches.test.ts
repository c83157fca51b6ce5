import { describe, expect, it } from "vitest";
import { type DashboardData, renderDashboard } from "../../../worker/dashboard/pages/dashboard";
import { BEARER, commit, context, count, event, overview, record, view } from "./support";

const LIVE = commit(1);
const MOVING = commit(2);
const WAITING = commit(3);
const FREEZE = {
  since: "2026-11-28T08:00:00.000Z",
  until: "2026-11-29T18:00:00.000Z",
  actor: "ana@example.com",
  via: "token",
  reason: "INC-5 <release freeze>",
};

function data(fields: Partial<DashboardData> = {}): DashboardData {
  const pipeline = overview({
    live: LIVE,
    in_flight: { sha: MOVING, status: "deploying", run_id: 1001, run_url: "https://github.com/o/r/actions/runs/1001" },
    waiting: [{ sha: WAITING, status: "queued" }],
    stuck: [
      { sha: MOVING, environment: "production", status: "deploying", since: "2026-11-28T08:20:00.000Z", repeats: 2 },
    ],
  });
  return {
    overview: pipeline,
    live: record(LIVE, {
      production: view({ sha: LIVE, status: "live", subject: "Faster checkout" }),
      events: [event({ kind: "production_live", at: "2026-11-28T08:30:00.000Z", environment: "production" })],
    }),
    moving: record(MOVING, { production: view({ sha: MOVING, status: "deploying", review: "waiting for review" }) }),
    rows: [
      {
        sha: WAITING,
        staging: view({ sha: WAITING, environment: "staging", status: "success" }),
        production: view({ sha: WAITING, status: "queued", subject: "Queue me" }),
      },
      {
        sha: LIVE,
        staging: view({ sha: LIVE, environment: "staging", status: "success" }),
        production: view({
          sha: LIVE,
          phases: { staging_s: 240, waiting_s: 5, review_s: 120, production_s: 200, total_s: 565, budget_s: 445 },
        }),
      },
    ],
    page: { cursor: null, next: "17" },
    numbers: null,
    days: 30,
    ...fields,
  };
}

const none = { command: null, sha: null };

describe("the dashboard", () => {
  it("shows the live commit with its subject, since when and its run", () => {
    const page = renderDashboard(data(), context(), none);
    const live = page.slice(page.indexOf('id="live"'), page.indexOf('id="moving"'));
    expect(live).toContain(
      `<a href="/deployments/${LIVE}" title="${LIVE}"><code class="sha">${LIVE.slice(0, 7)}</code></a>`,
    );
    expect(live).toContain("Faster checkout");
    expect(live).toContain('<time datetime="2026-11-28T08:30:00.000Z">2026-11-28 08:30 UTC</time>');
    expect(live).toContain(
      '<a href="https://github.com/bolt-foundry/monorepo/actions/runs/1000" rel="noreferrer">run 1000</a>',
    );
  });

  it("shows the slot's commit with its status, what GitHub holds it for, that it is stuck, and abandon", () => {
    const page = renderDashboard(data(), context(), none);
    const moving = page.slice(page.indexOf('id="moving"'), page.indexOf('id="queue"'));
    expect(moving).toContain("deploying");
    expect(moving).toContain('<strong class="review">waiting for review</strong>');
    expect(moving).toContain("stuck since");
    expect(moving).toContain(`action="/deployments/${MOVING}/abandon"`);
  });

  it("lists the queue in order, with the stuck deployments and the freeze in banners", () => {
    const frozen = data();
    const page = renderDashboard({ ...frozen, overview: { ...frozen.overview, frozen: FREEZE } }, context(), none);
    expect(page).toContain('id="queue"');
    expect(page).toContain("Queue me");
    expect(page).toMatch(
      /<div class="banner freeze" id="frozen">.*until <time datetime="2026-11-29T18:00:00.000Z">2026-11-29 18:00 UTC<\/time>: <q>INC-5 &lt;release freeze&gt;<\/q>/s,
    );
    expect(page).toContain('<div class="banner stuck" id="stuck">');
    // Frozen: no promote on the waiting commit, unfreeze instead of freeze.
    expect(page).not.toContain(`action="/deployments/${WAITING}/promote"`);
    expect(page).toContain('name="_method" value="DELETE"');
  });

  it("lists recent deployments with both environments, their phases and the next page", () => {
    const page = renderDashboard(data(), context(), none);
    const recent = page.slice(page.indexOf('id="recent"'));
    expect(count(recent, /<tbody>.*?<\/tbody>/s)).toBe(1);
    expect(count(recent, /<tr><td data-label="Commit">/)).toBe(2);
    expect(recent).toContain("staging 4 min · waiting 5 s · review 2 min · production 3 min 20 s");
    expect(recent).toContain('<a href="/?cursor=17" rel="next">Older</a>');
  });

  it("shows what the last command did, or why it was refused, escaped", () => {
    expect(renderDashboard(data(), context({ flash: { done: "frozen" } }), none)).toContain(
      '<div class="banner done" role="status"><strong class="title">Done</strong>Frozen',
    );
    expect(renderDashboard(data(), context({ flash: { refused: "<b>no</b>" } }), none)).toContain(
      '<strong class="title">Refused</strong>&lt;b&gt;no&lt;/b&gt;',
    );
  });

  it("renders a confirmation page for a command it offers, and a note for one it does not", () => {
    const page = renderDashboard(data(), context(), { command: "freeze", sha: null });
    expect(page).toContain('<h1 id="confirm-title">Freeze promotions</h1>');
    expect(page).not.toContain('id="recent"');
    const stale = renderDashboard(data(), context(), { command: "unfreeze", sha: null });
    expect(stale).toContain("unfreeze does not apply here now");
    expect(stale).toContain('id="recent"');
  });

  it("gives a viewer who names no one disabled buttons, no dialogs, and says how to act", () => {
    const page = renderDashboard(data(), context({ viewer: BEARER }), none);
    expect(page).toContain("sign in with Basic auth (your name as user) or Access to act");
    expect(count(page, /<button type="button"[^>]* disabled>/)).toBe(count(page, /<button/));
    expect(page).not.toContain("<dialog");
    expect(page).not.toContain('name="csrf"');
  });

  it("says when nothing is live, moving or waiting", () => {
    const page = renderDashboard(data({ overview: overview(), live: null, moving: null, rows: [] }), context(), none);
    expect(page).toContain("Nothing yet");
    expect(page).toContain("slot is free");
    expect(page).toContain("Nothing is waiting.");
    expect(page).not.toContain("Roll back");
  });
});
