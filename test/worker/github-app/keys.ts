// A GitHub App's key pair for the tests, made with Web Crypto when a test file loads (nothing is
// committed): the private key as PKCS#8 PEM (what internalbf takes) and as PKCS#1 PEM (what GitHub
// hands out, which it refuses), the public key as the JWK the fake GitHub verifies App JWTs with.

export interface AppKey {
  readonly pkcs8: string;
  readonly pkcs1: string;
  readonly publicJwk: JsonWebKey;
}

/** A fresh RS256 key pair (2048 bits, as GitHub's). */
export async function appKey(): Promise<AppKey> {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const pkcs8 = new Uint8Array((await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer);
  const publicJwk = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
  return { pkcs8: pem("PRIVATE KEY", pkcs8), pkcs1: pem("RSA PRIVATE KEY", pkcs1Of(pkcs8)), publicJwk };
}

/** PEM armour around DER, 64 characters a line. */
function pem(label: string, der: Uint8Array): string {
  const base64 = btoa(String.fromCharCode(...der));
  return `-----BEGIN ${label}-----\n${(base64.match(/.{1,64}/g) ?? []).join("\n")}\n-----END ${label}-----\n`;
}

/**
 * The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: SEQUENCE { version, algorithm,
 * OCTET STRING { RSAPrivateKey } }, so the third element's contents.
 */
function pkcs1Of(pkcs8: Uint8Array): Uint8Array {
  const outer = element(pkcs8, 0);
  const version = element(pkcs8, outer.contents);
  const algorithm = element(pkcs8, version.end);
  const key = element(pkcs8, algorithm.end);
  if (key.tag !== 0x04) throw new Error("not a PKCS#8 PrivateKeyInfo");
  return pkcs8.slice(key.contents, key.end);
}

/** One DER element at `at`: its tag, where its contents start and where it ends. */
function element(der: Uint8Array, at: number): { tag: number; contents: number; end: number } {
  const tag = der[at] ?? 0;
  const first = der[at + 1] ?? 0;
  if (first < 0x80) return { tag, contents: at + 2, end: at + 2 + first };
  let length = 0;
  for (let index = 0; index < (first & 0x7f); index++) length = length * 256 + (der[at + 2 + index] ?? 0);
  const contents = at + 2 + (first & 0x7f);
  return { tag, contents, end: contents + length };
}
