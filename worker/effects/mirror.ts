// The KV audit mirror: lookups from outside (`wrangler kv key get --binding AUDIT deployment:<sha>`).
import { type Attempt, describeNetworkError, failed, succeeded } from "./attempt";

/** Writes one mirror key; KV failures are retried by the outbox. */
export async function writeMirror(kv: KVNamespace, key: string, value: string): Promise<Attempt<null>> {
  try {
    await kv.put(key, value);
    return succeeded(null);
  } catch (error) {
    return failed(true, `KV write failed: ${describeNetworkError(error)}`);
  }
}
