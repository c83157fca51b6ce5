// Proxies on 127.0.0.1. startProxy: a pass-through that forwards each request at once but can hold
// the answer back (the server has acted, the client has not heard: a response lost to a timeout).
// startConnectProxy: the forward proxy a runner's HTTPS_PROXY names, tunnelling CONNECT.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { type AddressInfo, connect, type Socket } from "node:net";

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

/**
 * Forwards to `target`; the answers of the requests whose index `holdMs` maps to a number wait that
 * long. With `tls` it serves https (an https front for the worker, which serves plain http).
 */
export async function startProxy(
  target: string,
  holdMs: (index: number) => number | undefined = () => undefined,
  options: { readonly tls?: { readonly key: string; readonly cert: string } } = {},
): Promise<HoldingProxy> {
  let count = 0;
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
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
  };
  const server = options.tls === undefined ? createServer(listener) : createTlsServer(options.tls, listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls === undefined ? "http" : "https"}://127.0.0.1:${port}`,
    forwarded: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ConnectProxy {
  /** http://127.0.0.1:PORT, for HTTPS_PROXY and HTTP_PROXY. */
  readonly url: string;
  /** The `host:port` of every CONNECT asked for, tunnelled or refused, in order. */
  readonly connects: string[];
  readonly close: () => Promise<void>;
}

/**
 * A forward proxy on 127.0.0.1 as runners sit behind: it tunnels CONNECT host:port to the address
 * `hosts` gives that host name (the only place such a name resolves, so a request that arrives went
 * through the proxy) and refuses every other target with 502, so nothing leaves the machine.
 * Requests that are not CONNECT are refused too: the clients under test tunnel everything.
 */
export async function startConnectProxy(hosts: Readonly<Record<string, string>>): Promise<ConnectProxy> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  };
  const server = createServer((_req, res) => {
    res.writeHead(502, { "content-type": "text/plain" }).end("this test proxy only tunnels (CONNECT)\n");
  });
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    track(client);
    const target = req.url ?? "";
    connects.push(target);
    const match = /^([^:]+):(\d+)$/.exec(target);
    const address = match === null ? undefined : hosts[match[1] ?? ""];
    if (match === null || address === undefined) {
      client.end("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    const upstream = connect(Number(match[2]), address, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
