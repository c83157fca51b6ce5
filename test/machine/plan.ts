/**
 * What `npm test` needs from the machine beyond npm's packages, decided from facts alone: nothing,
 * Debian packages to install (as root or with sudo), or a stop that names the commands to run.
 * prepare.ts reads the facts (facts.ts) and applies the plan; this file does no I/O.
 */

/** The browser the E2E suite launches when CHROMIUM_PATH is unset (test/e2e/staging/suite.ts). */
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** A Debian package the Node suites need. */
export type Package = "chromium" | "cloud-init";

/** What each package is for, in the words the command prints. */
export const PURPOSE: Record<Package, string> = {
  chromium: "the E2E suite's browser",
  "cloud-init": "the infra suite's `cloud-init schema` check",
};

/** The facts a plan is made from. */
export interface Machine {
  /** `process.platform`. */
  readonly platform: string;
  /** ID and ID_LIKE of /etc/os-release, e.g. ["ubuntu", "debian"]; empty without one. */
  readonly distribution: readonly string[];
  /** Whether apt-get is on PATH. */
  readonly aptGet: boolean;
  /** Whether cloud-init is on PATH. */
  readonly cloudInit: boolean;
  /** CHROMIUM_PATH, unless unset or empty (the suites treat empty as unset). */
  readonly chromiumPath: string | undefined;
  /** Whether the browser the E2E suite will launch (CHROMIUM_PATH, else Debian's) is an executable file. */
  readonly browserExecutable: boolean;
  /** The user's id; undefined where there is none (Windows). */
  readonly uid: number | undefined;
  /** Whether sudo runs without asking for a password (`sudo -n true`). */
  readonly passwordlessSudo: boolean;
}

/** What to do before vitest starts. */
export type Plan =
  | { readonly action: "nothing" }
  | { readonly action: "install"; readonly packages: readonly Package[]; readonly sudo: boolean }
  | { readonly action: "stop"; readonly reasons: readonly string[]; readonly commands: readonly string[] };

/** The command a person would type to install the packages (the one prepare.ts runs). */
export function aptInstallCommand(packages: readonly Package[], sudo: boolean): string {
  return [...(sudo ? ["sudo"] : []), "apt-get", "install", "-y", "--no-install-recommends", ...packages].join(" ");
}

const BROWSER_COMMAND = "CHROMIUM_PATH=/path/to/chrome npm test";

/** Decides what the machine lacks for the suites and whether this run can install it. */
export function planSystemPackages(machine: Machine): Plan {
  const reasons: string[] = [];
  const wanted: Package[] = [];
  let needsBrowserPath = false;

  if (machine.chromiumPath !== undefined) {
    // A browser named on purpose is never installed around: a wrong path is the person's to fix.
    if (!machine.browserExecutable) {
      reasons.push(
        `CHROMIUM_PATH=${machine.chromiumPath} is not an executable file: point it at Chrome or Chromium, or unset it to use Debian's chromium`,
      );
      needsBrowserPath = true;
    }
  } else if (!machine.browserExecutable) {
    wanted.push("chromium");
  }
  if (!machine.cloudInit) wanted.push("cloud-init");
  if (wanted.length === 0 && reasons.length === 0) return { action: "nothing" };

  const apt =
    machine.platform === "linux" &&
    machine.aptGet &&
    machine.distribution.some((name) => name === "debian" || name === "ubuntu");
  const ubuntu = machine.distribution.includes("ubuntu");
  let otherPackageManager = false;
  const installable = wanted.filter((pkg) => {
    if (pkg === "chromium" && (!apt || ubuntu)) {
      // Ubuntu's chromium package only installs the snap, which apt-get cannot do here.
      const why = apt ? "Ubuntu has it only as a snap" : "this machine has no apt-get to install it";
      reasons.push(
        `Chromium (${PURPOSE.chromium}) is not at ${DEBIAN_CHROMIUM}, and ${why}: set CHROMIUM_PATH to Chrome or Chromium (GitHub's runners: /usr/bin/google-chrome)`,
      );
      needsBrowserPath = true;
      return false;
    }
    if (pkg === "cloud-init" && !apt) {
      reasons.push(
        `cloud-init (${PURPOSE["cloud-init"]}) is not on PATH, and this machine has no apt-get to install it`,
      );
      otherPackageManager = true;
      return false;
    }
    return true;
  });

  const privileged = machine.uid === 0 || machine.passwordlessSudo;
  const commands: string[] = [];
  if (installable.length > 0 && !privileged) {
    reasons.push(`installing ${installable.join(" and ")} needs root, and sudo is missing or asks for a password`);
    commands.push(aptInstallCommand(installable, true));
  }
  if (reasons.length === 0) return { action: "install", packages: installable, sudo: machine.uid !== 0 };

  // Packages this run could install are left to the next run, so a stop changes nothing.
  if (otherPackageManager) commands.push("install cloud-init with this machine's package manager");
  commands.push(needsBrowserPath ? BROWSER_COMMAND : "npm test");
  return { action: "stop", reasons, commands };
}

/** The message a stop prints: why, then the commands to run, one a line. */
export function stopMessage(plan: Extract<Plan, { action: "stop" }>): string {
  return [
    "npm test cannot run the suites on this machine yet:",
    ...plan.reasons.map((reason) => `  - ${reason}`),
    "Run:",
    ...plan.commands.map((command) => `  ${command}`),
  ].join("\n");
}
