// The wire contract names Web Crypto's CryptoKey as a global type, as workerd and the DOM do;
// @types/node declares only the value, so the type is named here for the Node build.
import type { webcrypto } from "node:crypto";

declare global {
  type CryptoKey = webcrypto.CryptoKey;
}
