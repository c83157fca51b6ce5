// The two things every HTTP stand-in on 127.0.0.1 does with node:http: read a request's body, and
// answer JSON (GitHub's content type). Shared by npm start's GitHub stand-in and the tests' fakes.
import type { IncomingMessage, ServerResponse } from "node:http";

/** The request's body, as UTF-8 text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Answers `body` as JSON; `null` answers with no body (a 204). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (body === null) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(body));
}
