// The dashboard's routes through the real worker: who may read them (as every operator route), the
// headers every page carries, the assets, and refusals as pages.
import { reset } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../../../worker/dashboard/layout";
import { ADMIN_TOKEN } from "../support/bindings";
import { notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";

const basic = (user: string) => `Basic ${btoa(`${user}:${ADMIN_TOKEN}`)}`;
const page = (path: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(`https://internalbf.test${path}`, {
    headers: { accept: "text/html,application/xhtml+xml", authorization: basic("ana@example.com"), ...headers },
  });

beforeEach(async () => {
  await reset();
  await outside.reset();
});

describe("the dashboard's pages", () => {
  it("answer HTML with the policy: no inline code, nothing framed, nothing cached", async () => {
    const response = await page("/");
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": CONTENT_SECURITY_POLICY,
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
      "cache-control": "no-store",
    });
    expect(CONTENT_SECURITY_POLICY).not.toContain("unsafe-inline");
    const text = await response.text();
    expect(text).not.toMatch(/<script>|<script [^>]*>[^<]|style=|<style| on[a-z]+=/);
    expect(text).toContain("acting as <strong>ana@example.com</strong>");
  });

  it("refuse a request without credentials with 401 and the Basic challenge, as a page", async () => {
    const response = await exports.default.fetch("https://internalbf.test/", { headers: { accept: "text/html" } });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="internalbf", charset="UTF-8"');
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toContain("401: unauthorized");
  });

  it("let a bearer token read, with the buttons disabled", async () => {
    const response = await page("/", { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("sign in with Basic auth (your name as user) or Access to act");
  });

  it("refuse a cursor that is not one", async () => {
    expect((await page("/?cursor=abc")).status).toBe(400);
  });

  it("show a commit's page by a prefix, list an ambiguous prefix's commits as links, and 404 an unknown one", async () => {
    for (const n of [1, 2]) {
      const response = await post(
        notification({ event: "staging_deployment_started", status: undefined, commit_sha: sha(n) }),
      );
      expect(response.status).toBe(202);
    }
    const one = await page(`/deployments/${sha(1).slice(0, 12)}`);
    expect(one.status).toBe(200);
    expect(await one.text()).toContain(`<code class="sha">${sha(1)}</code>`);
    const ambiguous = await page(`/deployments/${sha(1).slice(0, 7)}`);
    expect(ambiguous.status).toBe(409);
    const text = await ambiguous.text();
    expect(text).toContain(`<a href="/deployments/${sha(1)}">`);
    expect(text).toContain(`<a href="/deployments/${sha(2)}">`);
    expect((await page(`/deployments/${"f".repeat(40)}`)).status).toBe(404);
    // Anything but a browser still gets the JSON record.
    const json = await exports.default.fetch(`https://internalbf.test/deployments/${sha(1)}`, {
      headers: { authorization: basic("ana") },
    });
    expect(json.headers.get("content-type")).toContain("application/json");
  });
});

describe("the assets", () => {
  it("serve the stylesheet and the script the pages name, and nothing else", async () => {
    const html = await (await page("/")).text();
    const css = /href="(\/assets\/dashboard\.css\?v=[0-9a-f]{8})"/.exec(html)?.[1];
    const js = /src="(\/assets\/dashboard\.js\?v=[0-9a-f]{8})"/.exec(html)?.[1];
    for (const [path, type] of [
      [css, "text/css; charset=utf-8"],
      [js, "text/javascript; charset=utf-8"],
    ]) {
      const response = await exports.default.fetch(`https://internalbf.test${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(type);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      await response.arrayBuffer();
    }
    expect((await exports.default.fetch("https://internalbf.test/assets/other.js")).status).toBe(404);
  });
});
