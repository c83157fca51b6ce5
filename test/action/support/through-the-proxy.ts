// What a step needs to reach internalbf as https://internalbf.test:PORT through the test's CONNECT
// proxy: the test certificate trusted (NODE_EXTRA_CA_CERTS) and no DNS in the step's process
// (no-dns.cjs), so the name resolves only inside the proxy and nothing leaves the machine.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TEST_CERTIFICATE } from "../../support/tls";

const NO_DNS = fileURLToPath(new URL("./no-dns.cjs", import.meta.url));

export interface StepSetting {
  /** The variables to give the step, on top of the proxy's. */
  readonly env: Readonly<Record<string, string>>;
  readonly remove: () => Promise<void>;
}

/** Writes the certificate where the step's NODE_EXTRA_CA_CERTS can name it; `remove` when done. */
export async function trustingTheTestCertificate(): Promise<StepSetting> {
  const dir = await mkdtemp(join(tmpdir(), "notify-ca-"));
  const ca = join(dir, "ca.pem");
  await writeFile(ca, TEST_CERTIFICATE);
  return {
    env: { NODE_EXTRA_CA_CERTS: ca, NODE_OPTIONS: `--require ${NO_DNS}` },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
