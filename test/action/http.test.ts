import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { send } from "../../actions/notify-internalbf/src/http";
import { type Receiver, startReceiver } from "../support/receiver";

let receiver: Receiver | undefined;
let raw: Server | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await new Promise((resolve) => (raw === undefined ? resolve(undefined) : raw.close(resolve)));
  raw = undefined;
});

const body = new TextEncoder().encode('{"hello":"internalbf"}');
const post = (url: string, timeoutMs = 5000) =>
  send({ url, headers: {}, body, signal: AbortSignal.timeout(timeoutMs) });

/** A TCP server that answers every connection with the given bytes, written in the pieces given. */
async function answerWith(pieces: readonly string[], close = true, pauseMs = 5): Promise<string> {
  raw = createServer((socket: Socket) => {
    socket.on("error", () => {});
    socket.once("data", async () => {
      for (const piece of pieces) {
        if (socket.destroyed) return;
        socket.write(piece);
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
      if (close) socket.end();
    });
  });
  await new Promise<void>((resolve) => raw?.listen(0, "127.0.0.1", resolve));
  const address = raw.address();
  return `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/`;
}

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address !== null ? address.port : 0;
}

describe("send, the step's HTTP exchange", () => {
  it("posts the body with the headers given and reads the whole answer", async () => {
    receiver = await startReceiver(() => ({ status: 429, body: { slow: "down" }, headers: { "retry-after": "3" } }));
    const answer = await send({
      url: `${receiver.url}/deployment/staging/complete`,
      headers: { "content-type": "application/json", "webhook-id": "abc" },
      body,
      signal: AbortSignal.timeout(5000),
    });
    expect(answer.status).toBe(429);
    expect(answer.header("Retry-After")).toBe("3");
    expect(answer.header("x-missing")).toBeNull();
    expect(JSON.parse(answer.text)).toEqual({ slow: "down" });
    expect(receiver.received[0]).toMatchObject({
      method: "POST",
      path: "/deployment/staging/complete",
      body: '{"hello":"internalbf"}',
    });
    expect(receiver.received[0]?.headers).toMatchObject({
      "webhook-id": "abc",
      "content-length": String(body.byteLength),
      connection: "close",
    });
  });

  it("sends a GET without its body", async () => {
    receiver = await startReceiver(() => ({ status: 200, body: { value: "token" } }));
    const answer = await send({
      url: `${receiver.url}/token?api-version=2.0&audience=x`,
      method: "GET",
      headers: { authorization: "Bearer request-token" },
      body: new TextEncoder().encode("not for a GET"),
      signal: AbortSignal.timeout(5000),
    });
    expect(JSON.parse(answer.text)).toEqual({ value: "token" });
    expect(receiver.received[0]).toMatchObject({ method: "GET", path: "/token?api-version=2.0&audience=x", body: "" });
    expect(receiver.received[0]?.headers.authorization).toBe("Bearer request-token");
  });

  it("does not follow a redirect", async () => {
    receiver = await startReceiver(() => ({ status: 307, headers: { location: "/elsewhere" } }));
    const answer = await post(`${receiver.url}/deployment/staging/complete`);
    expect(answer.status).toBe(307);
    expect(answer.header("location")).toBe("/elsewhere");
    expect(receiver.received.map((request) => request.path)).toEqual(["/deployment/staging/complete"]);
  });

  it("reads a chunked answer that arrives in pieces", async () => {
    const url = await answerWith([
      "HTTP/1.1 202 Accepted\r\ntransfer-encoding: chunked\r\n",
      'content-type: application/json\r\n\r\n5\r\n{"a":',
      "\r\n3;ext=1\r\n1}\n\r\n0\r\n\r\n",
    ]);
    const answer = await post(url);
    expect(answer.status).toBe(202);
    expect(answer.text).toBe('{"a":1}\n');
  });

  it("stops at content-length even when the server keeps the connection open", async () => {
    const url = await answerWith(["HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n", "ok"], false);
    expect((await post(url)).text).toBe("ok");
  });

  it("reads to the close when the answer has no length", async () => {
    const url = await answerWith(["HTTP/1.0 503 Service Unavailable\r\n\r\n", "down ", "for a bit"]);
    expect(await post(url)).toMatchObject({ status: 503, text: "down for a bit" });
  });

  it("skips an interim 103 answer", async () => {
    const url = await answerWith(
      ["HTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"],
      false,
    );
    expect(await post(url)).toMatchObject({ status: 204, text: "" });
  });

  it("joins repeated headers", async () => {
    const url = await answerWith(["HTTP/1.1 200 OK\r\nvia: a\r\nVia: b\r\ncontent-length: 0\r\n\r\n"], false);
    expect((await post(url)).header("via")).toBe("a, b");
  });

  it("refuses what is not HTTP", async () => {
    const url = await answerWith(["SSH-2.0-OpenSSH_9.6\r\n\r\n"]);
    await expect(post(url)).rejects.toThrow(/HTTP/);
  });

  it("reports a connection closed in the middle of the answer", async () => {
    const url = await answerWith(["HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc"]);
    await expect(post(url)).rejects.toMatchObject({ code: "UND_ERR_SOCKET" });
  });

  it("gives up with the signal's reason when no answer comes in time", async () => {
    receiver = await startReceiver(() => ({ delayMs: 5000 }));
    await expect(post(receiver.url, 100)).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("gives up with the signal's reason when the body does not finish in time", async () => {
    const url = await answerWith(["HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc", "def"], false, 2000);
    await expect(post(url, 500)).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it.each(["http", "https"])("rejects with the system error when nothing listens (%s)", async (scheme) => {
    await expect(post(`${scheme}://127.0.0.1:${await closedPort()}/`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("refuses a header that would split the request", async () => {
    const attempt = send({
      url: "http://127.0.0.1:9/",
      headers: { "x-evil": "a\r\nx-injected: 1" },
      body,
      signal: AbortSignal.timeout(1000),
    });
    await expect(attempt).rejects.toMatchObject({ code: "UND_ERR_INVALID_ARG" });
  });
});
