// `npm run demo`: the whole pipeline against the worker `npm start` runs, with the real action for
// every notification and the CLI for every command, as a timeline. Fresh commits every time and a
// leftover freeze or hold cleared first, so it passes again on the same state. Exits 0 only if every
// flow behaved as described.
import { type Context, contextOf } from "./demo/context.ts";
import { clearLeftovers, FLOWS } from "./demo/flows.ts";
import { timeline } from "./demo/timeline.ts";
import { LOCAL_ADMIN, names, portOf } from "./settings.ts";

export interface DemoResult {
  readonly passed: number;
  readonly failed: readonly string[];
}

/** Runs every flow in order against `context`; a failed flow is reported and the next one runs. */
export async function runFlows(context: Context, write: (line: string) => void): Promise<DemoResult> {
  const failed: string[] = [];
  await clearLeftovers(context);
  for (const [index, flow] of FLOWS.entries()) {
    write(`\n${index + 1}. ${flow.title}`);
    try {
      await flow.run(context);
      await context.timeline.catchUp();
      write("   ✓ as described");
    } catch (error) {
      await context.timeline.catchUp().catch(() => undefined);
      const message = error instanceof Error ? error.message : String(error);
      write(`   ✗ ${message}`);
      failed.push(`${index + 1}. ${flow.title}: ${message}`);
      await clearLeftovers(context).catch(() => undefined);
    }
  }
  return { passed: FLOWS.length - failed.length, failed };
}

async function main(): Promise<number> {
  const port = portOf(process.env);
  if (typeof port !== "number") {
    process.stderr.write(`demo: ${port.refusal}\n`);
    return 2;
  }
  const base = `http://127.0.0.1:${port}`;
  const github = `http://127.0.0.1:${port + 1}`;
  try {
    await (await fetch(`${github}/__local/events`)).body?.cancel();
    await (await fetch(`${base}/health`)).body?.cancel();
  } catch {
    process.stderr.write(
      `demo: internalbf is not running on ${base} with its GitHub stand-in on ${github}.\n` +
        "Start it in another terminal with `npm start` (same PORT), then run `npm run demo` again.\n",
    );
    return 1;
  }
  const { owner, repo } = await names();
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const shown = timeline(write);
  await shown.follow(github);
  const context = contextOf({ base, github, repository: `${owner}/${repo}`, timeline: shown, runMs: 60_000 });
  const result = await runFlows(context, write);
  shown.stop();
  write(`\n${result.passed} of ${result.passed + result.failed.length} flows behaved as described.`);
  for (const failure of result.failed) write(`  failed: ${failure}`);
  write(`The dashboard: ${base}/ (user: your name, password: ${LOCAL_ADMIN})`);
  return result.failed.length === 0 ? 0 : 1;
}

if (import.meta.main) process.exitCode = await main();
