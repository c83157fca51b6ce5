// The dashboard's figure: GET / rendered by the real worker bundle on Miniflare (as runtime.mjs
// runs it), with a full page of history: 50 rows (commits, each with its staging and production
// deployment) from commits that went live through the fake GitHub, one more moving in the slot and one waiting. Sequential
// requests from Node, so each one's time is the server's render (the Pipeline's reads and the HTML)
// plus one local HTTP round trip; the bare worker's GET, measured the same way, is that round trip.
import { startAnchor, startReal } from "./runtime.mjs";
import { keyOf, shaOf, signedRequest } from "./sign.mjs";

const PATHS = {
  staging_deployment_complete: "/deployment/staging/complete",
  production_deployment_started: "/deployment/production/started",
  production_deployment_complete: "/deployment/production/complete",
};

async function until(what, check, ms = 10_000) {
  const end = performance.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > end) throw new Error(`dashboard bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  const round = (value) => Number(value.toFixed(2));
  return { n: sorted.length, p50: round(at(50)), p90: round(at(90)), p99: round(at(99)), max: round(sorted.at(-1)) };
}

/** Sequential GETs of `url` (after `warmup` unmeasured ones); each one's time in ms, and the last body's size. */
async function timed(url, headers, samples, warmup) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < warmup + samples; i++) {
    const t0 = performance.now();
    const response = await fetch(url, { headers });
    const body = await response.arrayBuffer();
    const ms = performance.now() - t0;
    if (response.status !== 200) throw new Error(`dashboard bench: ${url} answered ${response.status}`);
    if (i >= warmup) times.push(ms);
    bytes = body.byteLength;
  }
  return { times, bytes };
}

/**
 * Seeds a worker of `outdir` (its vars: `vars`, its GitHub: the in-process `fake`) with `commits`
 * live commits, one moving and one waiting, then measures GET / `samples` times. Returns the figure.
 */
export async function measureDashboard({
  outdir,
  vars,
  fake,
  secret,
  admin,
  commits = 52,
  samples = 200,
  warmup = 20,
}) {
  const key = keyOf(secret);
  const shas = Array.from({ length: commits + 2 }, (_, i) => shaOf(`dashboard-${Date.now()}`, i));
  await fetch(`${fake.url}/__fake/reset`, { method: "POST" });
  await fetch(`${fake.url}/__fake/history`, { method: "POST", body: JSON.stringify({ history: shas }) });
  const worker = await startReal(outdir, vars);
  const bare = await startAnchor("bare", secret);
  try {
    const auth = { authorization: `Bearer ${admin}` };
    const send = async (event, id, sha, extra) => {
      const request = signedRequest(key, event, PATHS[event], id, sha, extra);
      const response = await fetch(`${worker.url}${request.path}`, {
        method: "POST",
        headers: request.headers,
        body: request.body,
      });
      if (response.status !== 202) throw new Error(`dashboard bench: ${event} answered ${response.status}`);
      await response.arrayBuffer();
    };
    const staged = async (sha, i) => {
      await send("staging_deployment_complete", `dash-${i}-ok`, sha, { status: "success" });
      const run = await until(`the run of ${sha}`, () =>
        fake.state().runs.find((candidate) => candidate.commit_sha === sha),
      );
      await until(`internalbf to record run ${run.id}`, async () => {
        const overview = await (await fetch(`${worker.url}/pipeline`, { headers: auth })).json();
        return overview.in_flight?.run_id === run.id;
      });
      return run;
    };
    for (const [i, sha] of shas.slice(0, commits).entries()) {
      const run = await staged(sha, i);
      const extra = { run_id: run.id, dispatch_id: run.dispatch_id, run_url: run.html_url };
      await send("production_deployment_started", `dash-${i}-start`, sha, extra);
      await send("production_deployment_complete", `dash-${i}-done`, sha, { ...extra, status: "success" });
    }
    await staged(shas[commits], commits);
    await send("staging_deployment_complete", `dash-${commits + 1}-ok`, shas[commits + 1], { status: "success" });
    let recorded = 0;
    for (let cursor = ""; cursor !== null; ) {
      const listed = await (await fetch(`${worker.url}/deployments?limit=100${cursor}`, { headers: auth })).json();
      recorded += listed.deployments.length;
      cursor = listed.next_cursor === null ? null : `&cursor=${listed.next_cursor}`;
    }
    const page = await timed(
      `${worker.url}/`,
      { ...auth, authorization: `Basic ${btoa(`bench:${admin}`)}` },
      samples,
      warmup,
    );
    const html = await (
      await fetch(`${worker.url}/`, { headers: { authorization: `Basic ${btoa(`bench:${admin}`)}` } })
    ).text();
    const baseline = await timed(`${bare.url}/`, {}, samples, warmup);
    return {
      deployments_recorded: recorded,
      rows_on_page: (html.match(/<tr><td data-label="Commit">/g) ?? []).length,
      page_bytes: page.bytes,
      render_ms: summary(page.times),
      bare_get_ms: summary(baseline.times),
      target: "p50 ≤ 50 ms (GET / with a page of 50 rows: commits, in both environments)",
      pass: summary(page.times).p50 <= 50,
    };
  } finally {
    await Promise.all([worker.stop(), bare.stop()]);
  }
}
