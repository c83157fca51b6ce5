import { HttpError } from "../http/errors";

/** Largest notification body accepted, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads the raw body. A declared oversize body (or a content-length that is not digits) is refused
 * before anything is read, and the runtime holds a declared body to its length; without one,
 * reading stops as soon as the body passes the limit. `arrayBuffer()`, not `bytes()`: the cheaper
 * of the two per request (BENCHMARKS.md, "Why the hot paths look as they do").
 */
export function readBody(request: Request): Promise<ArrayBuffer> {
  const declared = request.headers.get("content-length");
  if (declared === null) return readUndeclared(request);
  if (!/^\d+$/.test(declared) || Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  return request.arrayBuffer();
}

/** A body sent without a content-length (chunked), read up to the limit. */
async function readUndeclared(request: Request): Promise<ArrayBuffer> {
  if (request.body === null) return new ArrayBuffer(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body.buffer;
}

function tooLarge(): HttpError {
  return new HttpError(413, "payload_too_large", `the body must be at most ${MAX_BODY_BYTES} bytes`);
}
