// One HTTP/1.1 POST over node:net (or node:tls for https), answer read whole.
//
// Why not fetch or node:http: this step runs in every deploy job and has a cold-start budget of
// twice a bare `node -e 0` (bench/action-cold-start.mjs). Node's fetch loads undici on first use,
// which alone costs more than a bare start; node:http costs ~10 ms more than node:net to load and
// drive. One request with `connection: close` needs little of either: write a head and a body,
// read a status line, headers, and a body delimited by content-length, chunks or the close.
import { isIP, connect as tcpConnect } from "node:net";

/** A POST as deliver() makes it. */
export interface HttpRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** Aborts the exchange, answer included (the per-attempt timeout); rejects with its reason. */
  readonly signal: AbortSignal;
}

/** The answer, read whole. Redirects are not followed. */
export interface HttpAnswer {
  readonly status: number;
  /** A header's value by case-insensitive name (repeated headers joined by ", "), or null. */
  readonly header: (name: string) => string | null;
  readonly text: string;
}

export type Send = (request: HttpRequest) => Promise<HttpAnswer>;

/** Posts `request.body` to `request.url`; rejects on network errors, a malformed answer, or abort. */
export const send: Send = (request) =>
  new Promise((resolve, reject) => {
    const { signal } = request;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const url = new URL(request.url);
    const secure = url.protocol === "https:";
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const port = Number(url.port || (secure ? 443 : 80));
    const head = requestHead(url, request.headers, request.body.byteLength);
    // TLS is loaded only when the URL asks for it; SNI carries host names, never addresses (RFC 6066).
    const socket = secure
      ? process
          .getBuiltinModule("node:tls")
          .connect({ host, port, ...(isIP(host) === 0 ? { servername: host } : {}), ALPNProtocols: ["http/1.1"] })
      : tcpConnect({ host, port });

    let received = Buffer.alloc(0);
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      outcome();
    };
    const onAbort = (): void => settle(() => reject(signal.reason));
    signal.addEventListener("abort", onAbort, { once: true });

    // write, not end: some servers and proxies take a half-closed connection for an aborted one.
    // `connection: close` has the server close it once it has answered.
    socket.once(secure ? "secureConnect" : "connect", () => {
      socket.write(Buffer.concat([Buffer.from(head, "latin1"), request.body]));
    });
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      try {
        const answer = parseAnswer(received, false);
        if (answer !== undefined) settle(() => resolve(answer));
      } catch (error) {
        settle(() => reject(error));
      }
    });
    socket.on("end", () => {
      try {
        const answer = parseAnswer(received, true);
        settle(() => (answer === undefined ? reject(incomplete(received)) : resolve(answer)));
      } catch (error) {
        settle(() => reject(error));
      }
    });
    socket.on("error", (error) => settle(() => reject(error)));
    socket.on("close", () => settle(() => reject(incomplete(received))));
  });

function requestHead(url: URL, headers: Readonly<Record<string, string>>, length: number): string {
  const lines = [`POST ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, "connection: close"];
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(value)) {
      throw new TypeError(`invalid header ${JSON.stringify(name)}`);
    }
    const lower = name.toLowerCase();
    if (lower !== "host" && lower !== "connection" && lower !== "content-length") lines.push(`${name}: ${value}`);
  }
  lines.push(`content-length: ${length}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/** The answer once `bytes` hold all of it; undefined while more is to come; throws when malformed. */
export function parseAnswer(bytes: Buffer, ended: boolean): HttpAnswer | undefined {
  let rest = bytes;
  for (;;) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) return undefined;
    const [statusLine = "", ...fieldLines] = rest.subarray(0, end).toString("latin1").split("\r\n");
    const match = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
    if (match === null) throw malformed(`the answer does not start with an HTTP/1.x status line`);
    const status = Number(match[1]);
    rest = rest.subarray(end + 4);
    // 1xx answers (100 Continue, 103 Early Hints) come before the real one.
    if (status < 200) continue;

    const fields = new Map<string, string>();
    for (const line of fieldLines) {
      const colon = line.indexOf(":");
      if (colon <= 0) throw malformed(`a header line has no name: ${JSON.stringify(line)}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const before = fields.get(name);
      fields.set(name, before === undefined ? value : `${before}, ${value}`);
    }
    const body = bodyOf(status, fields, rest, ended);
    if (body === undefined) return undefined;
    const text = body.toString("utf8");
    return { status, header: (name) => fields.get(name.toLowerCase()) ?? null, text };
  }
}

function bodyOf(status: number, fields: Map<string, string>, rest: Buffer, ended: boolean): Buffer | undefined {
  if (status === 204 || status === 304) return Buffer.alloc(0);
  if (/\bchunked\b/i.test(fields.get("transfer-encoding") ?? "")) return dechunk(rest);
  const length = fields.get("content-length");
  if (length !== undefined) {
    if (!/^\d+$/.test(length)) throw malformed(`content-length is ${JSON.stringify(length)}`);
    const size = Number(length);
    return rest.length >= size ? rest.subarray(0, size) : undefined;
  }
  // Neither: the body runs to the end of the connection.
  return ended ? rest : undefined;
}

/** The body of a chunked transfer once its last chunk is in; undefined before. */
function dechunk(bytes: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at);
    if (lineEnd < 0) return undefined;
    const sizeText = bytes.subarray(at, lineEnd).toString("latin1").split(";")[0]?.trim() ?? "";
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw malformed(`a chunk size is ${JSON.stringify(sizeText)}`);
    const size = Number.parseInt(sizeText, 16);
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (bytes.length < start + size + 2) return undefined;
    parts.push(bytes.subarray(start, start + size));
    at = start + size + 2;
  }
}

function malformed(message: string): Error {
  return Object.assign(new Error(`malformed HTTP answer: ${message}`), { code: "EPROTO" });
}

function incomplete(received: Buffer): Error {
  return received.length === 0
    ? Object.assign(new Error("the connection closed without an answer"), { code: "ECONNRESET" })
    : Object.assign(new Error("the connection closed in the middle of the answer"), { code: "ECONNRESET" });
}
