// A tiny intake on 127.0.0.1 that records what the action sends and answers as scripted. For the
// real worker, see worker.ts; this one is for what the worker cannot be made to do on demand.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** One answer: status, JSON body and headers; `hang` never answers (a timeout), `reset` drops the connection. */
export interface Answer {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly delayMs?: number;
  readonly reset?: boolean;
}

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  readonly close: () => Promise<void>;
}

/**
 * Starts the receiver. `answer` is called for each request; the default answers 202 with a valid
 * IntakeAnswer whose deployment is the notification's commit.
 */
export async function startReceiver(
  answer: (request: Received, index: number) => Answer = acceptAll,
  options: { readonly tls?: { readonly key: string; readonly cert: string } } = {},
): Promise<Receiver> {
  const received: Received[] = [];
  const listener: RequestListener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers[name] = value;
      const request: Received = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(request);
      const scripted = answer(request, received.length - 1);
      const reply = () => {
        if (scripted.reset === true) {
          req.socket.destroy();
          return;
        }
        res
          .writeHead(scripted.status ?? 202, { "content-type": "application/json", ...scripted.headers })
          .end(JSON.stringify(scripted.body ?? {}));
      };
      if (scripted.delayMs === undefined) reply();
      else setTimeout(reply, scripted.delayMs).unref();
    });
  };
  const server = options.tls === undefined ? createServer(listener) : createTlsServer(options.tls, listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls === undefined ? "http" : "https"}://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A 202 with a valid IntakeAnswer for the request's notification. */
export function acceptAll(request: Received): Answer {
  return { status: 202, body: intakeAnswer(request) };
}

/** The IntakeAnswer internalbf would give, with the decision and deployment fields given. */
export function intakeAnswer(
  request: Received,
  decision = "recorded",
  deployment: Record<string, unknown> = {},
): Record<string, unknown> {
  const notification = safeJson(request.body);
  const environment = request.path.includes("/production/") ? "production" : "staging";
  return {
    delivery: request.headers["webhook-id"] ?? "",
    decision,
    deployment: {
      sha: notification.commit_sha ?? "",
      environment,
      status: "recorded",
      updated_at: new Date(0).toISOString(),
      run_id: notification.run_id ?? null,
      run_url: notification.run_url ?? null,
      error: null,
      ...deployment,
    },
  };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
