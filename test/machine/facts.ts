/** Reads the facts plan.ts decides from: the system, PATH, CHROMIUM_PATH, the user and sudo. */
import { spawnSync } from "node:child_process";
import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import process from "node:process";
import { DEBIAN_CHROMIUM, type Machine } from "./plan.ts";

/** The environment variables the facts depend on. */
export type Environment = Record<string, string | undefined>;

/** Whether path is a file this user may execute (symlinks followed, as /usr/bin/google-chrome is one). */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether a command of that name is on PATH, as `command -v` would find it. */
export function onPath(name: string, path: string | undefined): boolean {
  return (path ?? "").split(delimiter).some((dir) => dir !== "" && isExecutableFile(join(dir, name)));
}

/** ID and ID_LIKE from os-release; empty where there is none (macOS, Windows). */
export function readDistribution(): string[] {
  for (const file of ["/etc/os-release", "/usr/lib/os-release"]) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    const names: string[] = [];
    for (const line of text.split("\n")) {
      const match = /^(ID|ID_LIKE)=(.*)$/.exec(line.trim());
      if (match?.[2] !== undefined) names.push(...match[2].replace(/^["']|["']$/g, "").split(/\s+/));
    }
    return names.filter((name) => name !== "");
  }
  return [];
}

/** This machine's facts, for env (normally process.env). */
export function readMachine(env: Environment): Machine {
  const chromiumPath = env.CHROMIUM_PATH || undefined;
  const uid = process.getuid?.();
  return {
    platform: process.platform,
    distribution: readDistribution(),
    aptGet: onPath("apt-get", env.PATH),
    cloudInit: onPath("cloud-init", env.PATH),
    chromiumPath,
    browserExecutable: isExecutableFile(chromiumPath ?? DEBIAN_CHROMIUM),
    uid,
    // Root needs no sudo, so it is asked only of other users; -n never waits for a password.
    passwordlessSudo:
      uid !== 0 && onPath("sudo", env.PATH) && spawnSync("sudo", ["-n", "true"], { stdio: "ignore", env }).status === 0,
  };
}
