// checkRequest (local/github/openapi.ts) against GitHub's own description: the requests internalbf
// sends pass exactly as it sends them; one wrong thing in method, path, query or body is named.
import { describe, expect, it } from "vitest";
import { checkRequest } from "../../local/github/openapi.ts";

const REPO = "/repos/bolt-foundry/monorepo";
const DISPATCH = `${REPO}/actions/workflows/deploy-production.yml/dispatches`;
const RUNS = `${REPO}/actions/workflows/deploy-production.yml/runs`;
const SHA = "0123456789abcdef0123456789abcdef01234567";
const INPUTS = { commit_sha: SHA, triggered_by: "internalbf-staging-success", dispatch_id: "ibf-0123456789abcdef" };

const post = (url: string, body: unknown) => checkRequest({ method: "POST", url, body: JSON.stringify(body) });
const get = (url: string) => checkRequest({ method: "GET", url });

describe("what internalbf sends passes", () => {
  it("the production dispatch, with and without return_run_details", () => {
    expect(post(DISPATCH, { ref: "main", inputs: INPUTS, return_run_details: true })).toEqual({
      operationId: "actions/create-workflow-dispatch",
      problems: [],
    });
    expect(post(DISPATCH, { ref: "main", inputs: INPUTS }).problems).toEqual([]);
  });

  it("both compares: live...sha and sha...the production ref", () => {
    expect(get(`${REPO}/compare/${SHA}...${SHA.replace("0", "f")}?per_page=1`)).toEqual({
      operationId: "repos/compare-commits-with-basehead",
      problems: [],
    });
    expect(get(`${REPO}/compare/${SHA}...main?per_page=1`).problems).toEqual([]);
  });

  it("the runs list with its filters, the created range in GitHub's search syntax", () => {
    const created = encodeURIComponent(">=2026-12-01T14:59:00.000Z");
    expect(get(`${RUNS}?event=workflow_dispatch&created=${created}&per_page=100`)).toEqual({
      operationId: "actions/list-workflow-runs",
      problems: [],
    });
  });

  it("one run by id", () => {
    expect(get(`${REPO}/actions/runs/1000`)).toEqual({ operationId: "actions/get-workflow-run", problems: [] });
  });

  it("the App's installation token request, narrowed to the repository", () => {
    const body = { repositories: ["monorepo"], permissions: { actions: "write", contents: "read" } };
    expect(post("/app/installations/42/access_tokens", body)).toEqual({
      operationId: "apps/create-installation-access-token",
      problems: [],
    });
  });
});

describe("a request GitHub would refuse is named", () => {
  it("a dispatch whose inputs is not an object", () => {
    expect(post(DISPATCH, { ref: "main", inputs: "commit_sha=abc" }).problems).toEqual(["body/inputs must be object"]);
  });

  it("a dispatch without its ref, with return_run_details a string, or with a key GitHub does not know", () => {
    expect(post(DISPATCH, { inputs: INPUTS }).problems).toEqual(["body must have required property 'ref'"]);
    expect(post(DISPATCH, { ref: "main", return_run_details: "yes" }).problems).toEqual([
      "body/return_run_details must be boolean",
    ]);
    expect(post(DISPATCH, { ref: "main", input: INPUTS }).problems).toEqual([
      "body/input is not a permitted key of actions/create-workflow-dispatch",
    ]);
  });

  it("a dispatch with more than 25 inputs, no body at all, or a body that is not JSON", () => {
    const many = Object.fromEntries(Array.from({ length: 26 }, (_, n) => [`input_${n}`, "x"]));
    expect(post(DISPATCH, { ref: "main", inputs: many }).problems).toEqual([
      "body/inputs must NOT have more than 25 properties",
    ]);
    expect(checkRequest({ method: "POST", url: DISPATCH }).problems).toEqual([
      "body is required by actions/create-workflow-dispatch",
    ]);
    expect(checkRequest({ method: "POST", url: DISPATCH, body: "{ref: main}" }).problems).toEqual(["body is not JSON"]);
  });

  it("a compare whose basehead is not BASE...HEAD", () => {
    for (const basehead of [`${SHA}..main`, SHA, `...${SHA}`, `${SHA}....main`]) {
      expect(get(`${REPO}/compare/${basehead}`).problems).toEqual([
        `path basehead must be BASE...HEAD (got ${JSON.stringify(basehead)})`,
      ]);
    }
  });

  it("a runs list with per_page=abc, a created that is no date, a status GitHub has not, an unknown filter", () => {
    expect(get(`${RUNS}?per_page=abc`).problems).toEqual(['query per_page must be integer (got "abc")']);
    expect(get(`${RUNS}?created=yesterday`).problems).toEqual([
      `query created must be a date qualifier of GitHub's search syntax (>=YYYY-MM-DD[THH:MM:SS[.sss]Z], or A..B) (got "yesterday")`,
    ]);
    expect(get(`${RUNS}?status=done`).problems).toEqual([
      expect.stringMatching(
        /^query status must be equal to one of the allowed values \(\["completed",.*\(got "done"\)$/,
      ),
    ]);
    expect(get(`${RUNS}?evnt=workflow_dispatch`).problems).toEqual([
      "query evnt is not a parameter of actions/list-workflow-runs",
    ]);
    expect(get(`${RUNS}?per_page=1&per_page=2`).problems).toEqual(["query per_page is given 2 times"]);
  });

  it("a created range in either of the search syntax's forms passes, a half-open one too", () => {
    for (const created of ["2026-01-01..2026-02-01", "2026-01-01T00:00:00Z..*", "<2026-01-01", ">2026-01-01T10:00"]) {
      expect(get(`${RUNS}?created=${encodeURIComponent(created)}`).problems).toEqual([]);
    }
    expect(get(`${RUNS}?created=${encodeURIComponent("2026-13-45")}`).problems).toHaveLength(1);
  });

  it("a run id that is not a number", () => {
    expect(get(`${REPO}/actions/runs/abc`).problems).toEqual(['path run_id must be integer (got "abc")']);
  });

  it("a path with no operation, and a method the path does not take", () => {
    expect(get(`${REPO}/actions/workflows/deploy-production.yml/dispatches/now`)).toEqual({
      operationId: null,
      problems: [
        `no operation GET ${REPO}/actions/workflows/deploy-production.yml/dispatches/now in GitHub's description`,
      ],
    });
    expect(checkRequest({ method: "PUT", url: `${REPO}/actions/runs/1` }).problems).toEqual([
      `no operation PUT ${REPO}/actions/runs/1 in GitHub's description (that path takes GET)`,
    ]);
  });

  it("a token request for a permission level GitHub has not", () => {
    expect(post("/app/installations/42/access_tokens", { permissions: { actions: "admin" } }).problems).toEqual([
      'body/permissions/actions must be equal to one of the allowed values (["read","write"])',
    ]);
  });
});
