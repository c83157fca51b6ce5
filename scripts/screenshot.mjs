// Remakes docs/dashboard.png: a seeded local run (the real worker under `wrangler dev` offline, the
// fake GitHub on 127.0.0.1, signed notifications) with a commit live, one moving (its run waiting
// for production's reviewers), one waiting and automatic promotion on hold, photographed in
// headless Chromium at a desktop width. `--phone` also writes docs/dashboard-phone.png at 390 px.
//
//   node scripts/screenshot.mjs [--phone]
//
// It runs the project's TypeScript harness (test/browser/support/), so it needs Node 24; on an
// older Node it runs itself again with the project's own (node_modules/.bin/node).
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
if (!process.features.typescript) {
  const node = join(ROOT, "node_modules/.bin/node");
  const { status } = spawnSync(node, [import.meta.filename, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(status ?? 1);
}

const { launch, signedIn } = await import("../test/browser/support/browser.ts");
const { sha, startLocalRun } = await import("../test/browser/support/local-run.ts");

const say = (message) => process.stderr.write(`[screenshot] ${message}\n`);
say("starting wrangler dev and the fake GitHub");
const [run, browser] = await Promise.all([startLocalRun(), launch()]);
try {
  const commits = [1, 2, 3, 4, 5].map(sha);
  run.outside.state().history = commits;
  say("seeding: two commits live, a staging failure, one moving, one waiting, the hold");
  for (const commit of commits.slice(0, 2)) {
    await run.notify({ event: "staging_deployment_started", commit_sha: commit });
    await run.goLive(commit);
  }
  await run.notify({
    event: "staging_deployment_complete",
    status: "failure",
    commit_sha: sha(9),
    details: "E2E: checkout.spec.ts › pays with a saved card — timed out after 30 s",
  });
  await run.notify({ event: "staging_deployment_started", commit_sha: commits[2] });
  const moving = await run.stage(commits[2], true);
  if (moving !== null) moving.status = "waiting";
  await run.cron();
  const deadline = Date.now() + 10_000;
  while ((await run.read(`/deployments/${commits[2]}`)).production?.review === undefined) {
    if (Date.now() > deadline) throw new Error("the cron never saw the run waiting for review");
    await new Promise((done) => setTimeout(done, 50));
  }
  await run.stage(commits[3]);
  await run.command("POST", "/hold", { actor: "ana@example.com", reason: "INC-12: checkout errors after 0a1b2c3" });

  const shoot = async (name, width, height) => {
    const context = await signedIn(browser, { width, height, user: "ana@example.com" });
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`${run.base}/`, { waitUntil: "load" });
    const path = join(ROOT, "docs", name);
    await page.screenshot({ path, fullPage: true });
    await context.close();
    say(`wrote ${path}`);
  };
  await shoot("dashboard.png", 1280, 900);
  if (process.argv.includes("--phone")) await shoot("dashboard-phone.png", 390, 844);
} finally {
  await browser.close();
  await run.stop();
}
