// How internalbf authenticates to GitHub, from its settings: as a GitHub App (GITHUB_APP_ID,
// GITHUB_APP_INSTALLATION_ID, GITHUB_APP_PRIVATE_KEY, checked together), else with GITHUB_TOKEN, else
// not at all (it records, never dispatches). The App wins where both are set: its tokens are narrowed
// to one repository and three permissions, and expire within the hour.
import type { Problem } from "../config";

/** Where GitHub calls get their token. A refused App setting is never used: nothing is sent until it is fixed. */
export type GitHubAuth =
  | { readonly kind: "none" }
  | { readonly kind: "token"; readonly token: string }
  | {
      readonly kind: "app";
      /** The App's id, or its client ID (`Iv…`): the JWT's `iss`. */
      readonly appId: string;
      readonly installationId: string;
      /** PKCS#8 PEM, rewritten in canonical form (64-column lines). */
      readonly privateKey: string;
    };

/** Converts the PKCS#1 key GitHub hands out into the PKCS#8 that Web Crypto imports. */
export const PKCS8_COMMAND = "openssl pkcs8 -topk8 -nocrypt -in app.private-key.pem -out app.pkcs8.pem";

const APP_ID = /^(\d{1,20}|Iv[0-9A-Za-z.]{4,60})$/;
const INSTALLATION_ID = /^\d{1,20}$/;
const PKCS8 = /^-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----$/;
/** The rsaEncryption algorithm identifier (1.2.840.113549.1.1.1) as DER writes it. */
const RSA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

type Report = (level: Problem["level"], name: string, message: string) => void;

/**
 * The GitHub credentials the settings give, reporting what is wrong by name (never a value) and
 * adding each refused name to `invalid` (which holds every GitHub call until it is fixed).
 */
export function parseGitHubAuth(text: (name: string) => string | null, report: Report, invalid: string[]): GitHubAuth {
  const token = text("GITHUB_TOKEN");
  const given = {
    GITHUB_APP_ID: text("GITHUB_APP_ID"),
    GITHUB_APP_INSTALLATION_ID: text("GITHUB_APP_INSTALLATION_ID"),
    GITHUB_APP_PRIVATE_KEY: text("GITHUB_APP_PRIVATE_KEY"),
  };
  if (Object.values(given).every((value) => value === null)) {
    if (token !== null) return { kind: "token", token };
    report(
      "warning",
      "GITHUB_TOKEN",
      "GITHUB_TOKEN is not set (nor a GitHub App, GITHUB_APP_ID): deployments are recorded but production is never dispatched",
    );
    return { kind: "none" };
  }
  const held = ": nothing is sent to GitHub until it is fixed (dispatches wait in the outbox)";
  const refuse = (name: keyof typeof given, why: string): void => {
    report("error", name, `${name} ${why}${held}`);
    invalid.push(name);
  };
  for (const [name, value] of Object.entries(given) as [keyof typeof given, string | null][]) {
    if (value === null) refuse(name, "is not set but another GITHUB_APP_* setting is: set all three, or none");
  }
  const { GITHUB_APP_ID: appId, GITHUB_APP_INSTALLATION_ID: installationId, GITHUB_APP_PRIVATE_KEY: key } = given;
  if (appId !== null && !APP_ID.test(appId)) refuse("GITHUB_APP_ID", "is not an App ID (digits) or client ID (Iv…)");
  if (installationId !== null && !INSTALLATION_ID.test(installationId)) {
    refuse("GITHUB_APP_INSTALLATION_ID", "is not an installation id (digits, from the installation's settings URL)");
  }
  const privateKey = key === null ? null : canonicalPkcs8(key);
  if (key !== null && typeof privateKey !== "string") refuse("GITHUB_APP_PRIVATE_KEY", privateKey?.refusal ?? "");
  if (appId === null || installationId === null || typeof privateKey !== "string" || invalid.length > 0) {
    return { kind: "none" };
  }
  if (token !== null) {
    report(
      "warning",
      "GITHUB_TOKEN",
      "GITHUB_TOKEN is set but not used: internalbf calls GitHub as the App (GITHUB_APP_ID); remove GITHUB_TOKEN",
    );
  }
  return { kind: "app", appId, installationId, privateKey };
}

/** `pem` as a canonical PKCS#8 RSA PEM, or why it cannot be used (the key itself never appears). */
export function canonicalPkcs8(pem: string): string | { readonly refusal: string } {
  // A secret pasted on one line carries its line breaks as `\n`.
  const text = pem.replace(/\\n/g, "\n").trim();
  const convert = `convert it with \`${PKCS8_COMMAND}\` and set the secret from app.pkcs8.pem`;
  if (text.includes("-----BEGIN RSA PRIVATE KEY-----")) {
    return { refusal: `is a PKCS#1 key (BEGIN RSA PRIVATE KEY, as GitHub hands it out), not PKCS#8: ${convert}` };
  }
  if (text.includes("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
    return { refusal: `is encrypted: ${convert} (-nocrypt leaves it unencrypted)` };
  }
  const body = PKCS8.exec(text)?.[1]?.replace(/\s+/g, "");
  const der = body === undefined ? null : decodeBase64(body);
  if (body === undefined || der === null) {
    return { refusal: `is not a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----): ${convert}` };
  }
  if (der[0] !== 0x30 || !contains(der.subarray(0, 32), RSA_OID)) {
    return { refusal: "is not an RSA key: use the private key generated on the GitHub App's settings page" };
  }
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join("\n")}\n-----END PRIVATE KEY-----\n`;
}

function decodeBase64(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

function contains(bytes: Uint8Array, needle: readonly number[]): boolean {
  for (let start = 0; start + needle.length <= bytes.length; start++) {
    if (needle.every((byte, index) => bytes[start + index] === byte)) return true;
  }
  return false;
}
