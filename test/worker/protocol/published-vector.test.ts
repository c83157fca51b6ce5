import { expect, it } from "vitest";
import { importSecret, sign, verifySignature } from "../../../worker/protocol";

// The vector published with the Standard Webhooks specification.
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP = "1614265330";
const BODY = new TextEncoder().encode('{"test": 2432232314}');
const SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

it("signs the published vector to the published signature", async () => {
  expect(await sign(await importSecret(SECRET), ID, TIMESTAMP, BODY)).toBe(SIGNATURE);
});

it("verifies the published vector at its own time", async () => {
  const keys = [await importSecret(SECRET)];
  const headers = { id: ID, timestamp: TIMESTAMP, signature: SIGNATURE };
  expect(await verifySignature(keys, headers, BODY, Number(TIMESTAMP))).toBeNull();
});

it("refuses the published vector 301 seconds later or earlier", async () => {
  const keys = [await importSecret(SECRET)];
  const headers = { id: ID, timestamp: TIMESTAMP, signature: SIGNATURE };
  expect(await verifySignature(keys, headers, BODY, Number(TIMESTAMP) + 301)).toBe("timestamp_out_of_tolerance");
  expect(await verifySignature(keys, headers, BODY, Number(TIMESTAMP) - 301)).toBe("timestamp_out_of_tolerance");
  expect(await verifySignature(keys, headers, BODY, Number(TIMESTAMP) + 300)).toBeNull();
});
