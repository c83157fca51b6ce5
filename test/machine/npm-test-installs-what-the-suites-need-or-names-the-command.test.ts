import { describe, expect, it } from "vitest";
import { freshDebian, githubUbuntuRunner, mac } from "../builders/machine";
import { type Machine, type Package, planSystemPackages, stopMessage } from "./plan";

const BOTH = "apt-get install -y --no-install-recommends chromium cloud-init";
const CHROME = "CHROMIUM_PATH=/path/to/chrome npm test";
const present = { cloudInit: true, browserExecutable: true };

/** The plan expected; for a stop, only the commands it names (its reasons are checked below). */
type Expected =
  | { action: "nothing" }
  | { action: "install"; packages: Package[]; sudo: boolean }
  | { action: "stop"; commands: string[] };

const nothing: Expected = { action: "nothing" };
const install = (packages: Package[], sudo = false): Expected => ({ action: "install", packages, sudo });
const stop = (...commands: string[]): Expected => ({ action: "stop", commands });

// Each row: what the machine is, its facts, and the plan.
const TABLE: Array<[string, Machine, Expected]> = [
  ["a fresh Debian machine as root installs both", freshDebian(), install(["chromium", "cloud-init"])],
  ["Debian with both installed does nothing", freshDebian(present), nothing],
  ["Debian with only Chromium installs cloud-init", freshDebian({ browserExecutable: true }), install(["cloud-init"])],
  ["Debian with only cloud-init installs chromium", freshDebian({ cloudInit: true }), install(["chromium"])],
  [
    "a Debian user with passwordless sudo installs both through sudo",
    freshDebian({ uid: 1000, passwordlessSudo: true }),
    install(["chromium", "cloud-init"], true),
  ],
  [
    "a Debian user without sudo stops, naming the sudo command",
    freshDebian({ uid: 1000 }),
    stop(`sudo ${BOTH}`, "npm test"),
  ],
  [
    "a Debian user without sudo, missing only cloud-init, is told to install only cloud-init",
    freshDebian({ uid: 1000, browserExecutable: true }),
    stop("sudo apt-get install -y --no-install-recommends cloud-init", "npm test"),
  ],
  [
    "a Debian user without sudo but with everything installed does nothing",
    freshDebian({ uid: 1000, ...present }),
    nothing,
  ],
  [
    "CHROMIUM_PATH at an executable needs no chromium package",
    freshDebian({ chromiumPath: "/opt/chrome/chrome", browserExecutable: true }),
    install(["cloud-init"]),
  ],
  [
    "CHROMIUM_PATH at no executable stops, even as root, and installs nothing",
    freshDebian({ chromiumPath: "/opt/chrome/chrome" }),
    stop(CHROME),
  ],
  ["GitHub's Ubuntu runner with Chrome and cloud-init does nothing", githubUbuntuRunner(), nothing],
  [
    "GitHub's Ubuntu runner without cloud-init installs it through sudo",
    githubUbuntuRunner({ cloudInit: false }),
    install(["cloud-init"], true),
  ],
  [
    "Ubuntu without CHROMIUM_PATH stops for the browser (Chromium is a snap there), leaving cloud-init to the next run",
    githubUbuntuRunner({ chromiumPath: undefined, browserExecutable: false, cloudInit: false }),
    stop(CHROME),
  ],
  [
    "an Ubuntu user without sudo is told both commands",
    githubUbuntuRunner({
      chromiumPath: undefined,
      browserExecutable: false,
      cloudInit: false,
      passwordlessSudo: false,
    }),
    stop("sudo apt-get install -y --no-install-recommends cloud-init", CHROME),
  ],
  [
    "Ubuntu with Debian's chromium path filled (a deb from elsewhere) needs nothing more",
    githubUbuntuRunner({ chromiumPath: undefined }),
    nothing,
  ],
  [
    "a Mac stops for both, having no apt-get",
    mac(),
    stop("install cloud-init with this machine's package manager", CHROME),
  ],
  [
    "a Mac with CHROMIUM_PATH set stops only for cloud-init",
    mac({ chromiumPath: "/Applications/Chromium.app/Contents/MacOS/Chromium", browserExecutable: true }),
    stop("install cloud-init with this machine's package manager", "npm test"),
  ],
  [
    "Fedora (no apt-get) stops even as root",
    freshDebian({ distribution: ["fedora"], aptGet: false }),
    stop("install cloud-init with this machine's package manager", CHROME),
  ],
  [
    "a Debian image without apt-get stops",
    freshDebian({ aptGet: false, browserExecutable: true }),
    stop("install cloud-init with this machine's package manager", "npm test"),
  ],
  [
    "apt-get on a system that is neither Debian nor Ubuntu is not trusted to have the packages",
    freshDebian({ distribution: ["arch"], cloudInit: true }),
    stop(CHROME),
  ],
  [
    "Windows (no uid) with a browser and without cloud-init stops",
    mac({ platform: "win32", uid: undefined, chromiumPath: "C:\\chrome.exe", browserExecutable: true }),
    stop("install cloud-init with this machine's package manager", "npm test"),
  ],
];

describe("npm test installs what the suites need, or stops naming the command to run", () => {
  it.each(TABLE)("%s", (_name, machine, expected) => {
    const plan = planSystemPackages(machine);
    if (expected.action === "stop") {
      expect(plan.action).toBe("stop");
      if (plan.action === "stop") expect(plan.commands).toEqual(expected.commands);
    } else {
      expect(plan).toEqual(expected);
    }
  });

  it("says why it stops, then the commands, one a line", () => {
    const plan = planSystemPackages(freshDebian({ uid: 1000 }));
    if (plan.action !== "stop") throw new Error(`expected a stop, got ${plan.action}`);
    expect(stopMessage(plan)).toBe(
      [
        "npm test cannot run the suites on this machine yet:",
        "  - installing chromium and cloud-init needs root, and sudo is missing or asks for a password",
        "Run:",
        `  sudo ${BOTH}`,
        "  npm test",
      ].join("\n"),
    );
  });

  it("names a CHROMIUM_PATH that is not an executable file", () => {
    const plan = planSystemPackages(freshDebian({ chromiumPath: "/usr/bin/chrome-typo", cloudInit: true }));
    if (plan.action !== "stop") throw new Error(`expected a stop, got ${plan.action}`);
    expect(plan.reasons).toEqual([
      "CHROMIUM_PATH=/usr/bin/chrome-typo is not an executable file: point it at Chrome or Chromium, or unset it to use Debian's chromium",
    ]);
  });

  it("on Ubuntu, says why Chromium is not installed and where GitHub's runners have Chrome", () => {
    const plan = planSystemPackages(githubUbuntuRunner({ chromiumPath: undefined, browserExecutable: false }));
    if (plan.action !== "stop") throw new Error(`expected a stop, got ${plan.action}`);
    expect(plan.reasons).toEqual([
      "Chromium (the E2E suite's browser) is not at /usr/bin/chromium, and Ubuntu has it only as a snap: set CHROMIUM_PATH to Chrome or Chromium (GitHub's runners: /usr/bin/google-chrome)",
    ]);
  });
});
