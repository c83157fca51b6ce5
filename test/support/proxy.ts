// A pass-through proxy on 127.0.0.1 that forwards each request at once but can hold the answer back:
// the server has acted, the client has not heard (a response lost to a timeout).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const HOP_BY_HOP = new Set([
  "host",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
  "accept-encoding",
]);

export interface HoldingProxy {
  readonly url: string;
  /** How many requests went through, answered or not. */
  readonly forwarded: () => number;
  readonly close: () => Promise<void>;
}

/** Forwards to `target`; the answers of the requests whose index `holdMs` maps to a number wait that long. */
export async function startProxy(target: string, holdMs: (index: number) => number | undefined): Promise<HoldingProxy> {
  let count = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const index = count++;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string" && !HOP_BY_HOP.has(name)) headers.set(name, value);
      }
      const method = req.method ?? "GET";
      fetch(new URL(req.url ?? "/", target), {
        method,
        headers,
        ...(method === "GET" || method === "HEAD" ? {} : { body: Buffer.concat(chunks) }),
      })
        .then(async (answer) => {
          const body = Buffer.from(await answer.arrayBuffer());
          const hold = holdMs(index);
          if (hold !== undefined) await new Promise((resolve) => setTimeout(resolve, hold));
          if (res.destroyed) return;
          // fetch has decoded the body: pass it on as it is now, with its length and no encoding.
          const back = Object.fromEntries([...answer.headers].filter(([name]) => !HOP_BY_HOP.has(name)));
          res.writeHead(answer.status, back).end(body);
        })
        .catch(() => {
          if (!res.destroyed) res.writeHead(502).end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
