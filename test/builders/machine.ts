// Builders for the machine facts that test/machine/plan.ts decides from.
import type { Machine } from "../machine/plan";

/** A fresh Debian machine as CI gets it: root, apt-get, neither Chromium nor cloud-init. */
export function freshDebian(overrides: Partial<Machine> = {}): Machine {
  return {
    platform: "linux",
    distribution: ["debian"],
    aptGet: true,
    cloudInit: false,
    chromiumPath: undefined,
    browserExecutable: false,
    uid: 0,
    passwordlessSudo: false,
    ...overrides,
  };
}

/** GitHub's ubuntu-24.04 runner: user 1001 with passwordless sudo, Chrome, cloud-init installed. */
export function githubUbuntuRunner(overrides: Partial<Machine> = {}): Machine {
  return {
    platform: "linux",
    distribution: ["ubuntu", "debian"],
    aptGet: true,
    cloudInit: true,
    chromiumPath: "/usr/bin/google-chrome",
    browserExecutable: true,
    uid: 1001,
    passwordlessSudo: true,
    ...overrides,
  };
}

/** A Mac: no os-release, no apt-get, a user without passwordless sudo. */
export function mac(overrides: Partial<Machine> = {}): Machine {
  return {
    platform: "darwin",
    distribution: [],
    aptGet: false,
    cloudInit: false,
    chromiumPath: undefined,
    browserExecutable: false,
    uid: 501,
    passwordlessSudo: false,
    ...overrides,
  };
}
