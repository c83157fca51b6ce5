// The step: read the inputs, deliver the signed notification, report internalbf's decision.
import { EVENT_PATHS, type IntakeAnswer, MAX_DETAILS_LENGTH } from "../../../worker/protocol/index";
import { type RunContext, readRunContext } from "./context";
import { type Delivery, deliver } from "./deliver";
import { commitTimestampOf } from "./event";
import { proxyInEffect } from "./http";
import { type Config, readConfig } from "./inputs";
import { buildNotification, deliveryId } from "./notification";
import { idTokens, type TokenEndpoint, tokenEndpoint } from "./oidc";
import { redacting } from "./redact";
import { type Deps, runnerDeps } from "./runner";
import { renderSummary } from "./summary";

/** Runs the step; the one place where an error fails it. */
export async function run(deps: Deps = runnerDeps()): Promise<void> {
  const runner = redacting(deps.runner);
  try {
    maskSecrets(runner.getInput("secret"), runner.setSecret);
    const config = readConfig(runner.getInput, deps.env.GITHUB_SHA);
    const context = readRunContext(deps.env);
    // Checked before any request, like an input: a job without id-token: write fails whatever fail-on-error says.
    const tokenService = config.oidcAudience === undefined ? undefined : tokenEndpoint(deps.env, config.oidcAudience);
    if (tokenService !== undefined) runner.setSecret(tokenService.requestToken);
    await notify(config, context, { ...deps, runner }, tokenService);
  } catch (error) {
    runner.setFailed(error instanceof Error ? error.message : String(error));
  }
}

/** Masks the secret input, each secret of a rotation list, and each key without its prefix. */
function maskSecrets(value: string, setSecret: (value: string) => void): void {
  const masks = new Set<string>([value.trim()]);
  for (const part of value.split(/[\s,]+/)) {
    masks.add(part);
    if (part.startsWith("whsec_")) masks.add(part.slice("whsec_".length));
  }
  for (const mask of masks) if (mask !== "") setSecret(mask);
}

async function notify(
  config: Config,
  context: RunContext,
  deps: Deps,
  tokenService: TokenEndpoint | undefined,
): Promise<void> {
  const { runner } = deps;
  const id = deliveryId(config.event, context);
  const deploymentUrl = `${config.url}/deployments/${config.commitSha}`;
  const intake = `${config.url}${EVENT_PATHS[config.event]}`;
  runner.setOutput("delivery-id", id);
  runner.setOutput("deployment-url", deploymentUrl);
  if (config.detailsTruncated) {
    runner.warning(
      `details is longer than ${MAX_DETAILS_LENGTH} characters; internalbf receives the first ${MAX_DETAILS_LENGTH}.`,
    );
  }

  const notification = buildNotification(config, context, deps.now(), commitTimestampOf(deps.env, config.commitSha));
  const status = config.status === undefined ? "" : ` (${config.status})`;
  runner.info(`Sending ${config.event}${status} for ${config.commitSha} to ${intake}, delivery ${id}.`);
  const transport = { ...deps, log: runner.warning };
  const proxy = proxyInEffect(intake, deps.env);
  const limits = { timeoutMs: config.timeoutMs, retries: config.retries };
  const delivery = await deliver(
    {
      endpoint: intake,
      id,
      notification,
      secrets: config.secrets,
      ...(proxy === undefined
        ? {}
        : { proxy: `through the proxy ${proxy.name} names, ${proxy.value}, unless NO_PROXY lists the host` }),
      ...(tokenService === undefined
        ? {}
        : { idToken: idTokens(tokenService, { ...transport, ...limits, mask: runner.setSecret }) }),
      ...limits,
    },
    transport,
  );

  runner.setOutput("http-status", delivery.status === undefined ? "" : String(delivery.status));
  runner.setOutput("decision", delivery.ok ? delivery.answer.decision : "");
  const problem = problemOf(config, context, delivery);
  await runner
    .writeSummary(
      renderSummary({
        config,
        run: context,
        deliveryId: id,
        deploymentUrl,
        httpStatus: delivery.status,
        decision: delivery.ok ? delivery.answer.decision : undefined,
        problem: problem?.message,
      }),
    )
    .catch((error: unknown) => runner.warning(`Could not write the job summary: ${String(error)}`));

  if (delivery.ok) {
    const again = delivery.status === 200 ? " (internalbf had this delivery already; its first answer stands)" : "";
    runner.info(`internalbf decided: ${delivery.answer.decision}${again}. Record: ${deploymentUrl}`);
    if (delivery.answer.decision === "rejected" && !config.requireApproval) {
      runner.warning(`internalbf rejected this production deployment: ${rejectionReason(delivery.answer, context)}`);
    }
  }
  if (problem === undefined) return;
  if (problem.fatal) throw new Error(problem.message);
  runner.warning(`${problem.message}. fail-on-error is false, so the step passes.`);
}

interface Problem {
  readonly message: string;
  /** False only for a delivery failure under `fail-on-error: false` without `require-approval`. */
  readonly fatal: boolean;
}

/** Why the step did not do what it was asked, if it did not. */
function problemOf(config: Config, context: RunContext, delivery: Delivery): Problem | undefined {
  if (!delivery.ok) {
    if (!config.requireApproval) return { message: delivery.message, fatal: config.failOnError };
    return {
      message: `${delivery.message}. require-approval is true and internalbf did not approve commit ${config.commitSha}, so the production deployment stops here`,
      fatal: true,
    };
  }
  const { decision } = delivery.answer;
  if (!config.requireApproval || decision === "approved") return undefined;
  return {
    message:
      `internalbf did not approve commit ${config.commitSha} for production (decision: ${decision}): ${rejectionReason(delivery.answer, context)}. ` +
      "Only the run internalbf dispatched for a commit that passed staging may deploy it; promote the commit through internalbf instead of starting this workflow by hand",
    fatal: true,
  };
}

/** Why internalbf refused this run at production's door, from what its answer shows. */
function rejectionReason(answer: IntakeAnswer, context: RunContext): string {
  const { deployment } = answer;
  if (answer.reason !== undefined) return answer.reason;
  if (deployment.error !== null) return deployment.error;
  if (deployment.run_id !== null && deployment.run_id !== context.runId) {
    const where = deployment.run_url === null ? "" : ` (${deployment.run_url})`;
    return `run ${context.runId} is not the run internalbf dispatched for this commit, run ${deployment.run_id}${where}`;
  }
  return `its production deployment is ${deployment.status}`;
}
