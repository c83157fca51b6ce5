import { describe, expect, it } from "vitest";
import { placeholders, render } from "./render";

describe("the test renderer accepts only plain interpolation, as the templates promise", () => {
  it("replaces every placeholder with its value", () => {
    const template = `host: \${domain}\nport: \${ port }\nssl: \${ssl}`;
    expect(render(template, { domain: "staging.example", port: 80, ssl: true })).toBe(
      "host: staging.example\nport: 80\nssl: true",
    );
  });

  it("fails on a placeholder without a value", () => {
    expect(() => render(`host: \${domain}`, {})).toThrow(`\${domain} has no value`);
  });

  it("fails on a template directive", () => {
    expect(() => render(`%{ for host in hosts }\${host}%{ endfor }`, { host: "x" })).toThrow("directive");
  });

  it("fails on an escape or an expression", () => {
    expect(() => render(`echo $\${HOME}`, {})).toThrow("escape");
    expect(() => render(`\${upper(domain)}`, { domain: "x" })).toThrow("expression");
  });

  it("lists the placeholders of a template once each", () => {
    expect(placeholders(`\${a} \${b} \${a}`)).toEqual(["a", "b"]);
  });
});
