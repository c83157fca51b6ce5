// One URL rule for the worker and the action: the url input is refused exactly where the worker's
// own rule (worker/protocol/url.ts) refuses it, and also when it has a query or fragment.
import { describe, expect, it } from "vitest";
import { InputError, readConfig } from "../../actions/notify-internalbf/src/inputs";
import { isAllowedUrl } from "../../worker/protocol/index";
import { inputs } from "../support/deps";

function read(url: string): string {
  return readConfig((name) => inputs({ url })[name] ?? "", undefined).url;
}

function refusal(url: string): string {
  try {
    read(url);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error(`readConfig accepted ${url}`);
}

const URLS = [
  "https://internalbf.invalid",
  "https://internalbf.invalid:8443/base/",
  "http://127.0.0.1:8787",
  "http://127.0.0.2:8787",
  "http://127.255.255.254",
  "http://localhost:8787",
  "http://[::1]:8787",
  "http://internalbf.invalid",
  "http://128.0.0.1",
  "http://10.0.0.1",
  "http://[::2]",
  "http://localhost.invalid",
  "ftp://127.0.0.1",
  "https://user@internalbf.invalid",
  "https://:pass@internalbf.invalid",
  "internalbf.invalid",
];

describe("the url input", () => {
  it.each(URLS)("%s is taken exactly when the worker's rule takes it", (url) => {
    if (isAllowedUrl(url)) expect(read(url)).toBe(new URL(url).href.replace(/\/+$/, ""));
    else expect(() => read(url)).toThrow(InputError);
  });

  it("is refused with a query or a fragment, though the worker's rule allows them", () => {
    for (const url of ["https://internalbf.invalid/?a=1", "https://internalbf.invalid/#x"]) {
      expect(isAllowedUrl(url)).toBe(true);
      expect(refusal(url)).toMatch(/has a query or fragment\. Set url to internalbf's base URL alone/);
    }
  });

  it("names the rule and what to set instead when it is plain http off loopback", () => {
    expect(refusal("http://internalbf.invalid")).toBe(
      'url: "http://internalbf.invalid" must use https (plain http is allowed on loopback only: 127.0.0.0/8, ::1, localhost). ' +
        "Set url to internalbf's base URL alone, e.g. https://internalbf.example.com: the secret input signs the notification, the URL carries no credentials",
    );
  });

  it("is required", () => {
    expect(refusal("")).toMatch(/^url is required: internalbf's base URL, e.g. https:\/\/internalbf.example.com$/);
  });
});
