// Two fixed RSA key pairs for tests only, standing in for the signing keys of a Cloudflare Access
// team: the fake serves the public half at /cdn-cgi/access/certs, the worker tests sign tokens with
// the private half. Generated once with jose (RS256, 2048 bits); never used anywhere else.

/** An RSA private key as a JWK, with the `kid` Access would give it. */
export interface TestKey {
  readonly kid: string;
  readonly kty: "RSA";
  readonly n: string;
  readonly e: string;
  readonly d: string;
  readonly p: string;
  readonly q: string;
  readonly dp: string;
  readonly dq: string;
  readonly qi: string;
}

/** The key the fake team publishes. */
export const ACCESS_KEY: TestKey = {
  kid: "internalbf-test-1",
  kty: "RSA",
  n: "xxjo4p7vdB2-P4hOvy0aPhoyscpk6gFdcNWejbXj2qfm5aQ1F65Mmd20AYh7QO8fMowmU3Mvyc8lsTWdK11RmFHVx5CrDDljJscRnJ18J3TYCWrF1N2QxMa8614QzFvK8gTMXwsqrsPhkO2E2p6XbTwu9J1iFZ1R48kCWNZhinLOjZmjNt_7sRgJD3r_vPUM-9_Sb59zqyP-UZtTo-ZhEBmgy4l7ij53Q2QOVXQ8RMGGDXGSRBzLyoG7irxiXWs_iECSAaiN1LE87z4G1Ji95lVc5W6CvVnL6acxjL0N0y_eK_Kck87Ofyt6vo00N_BN7E8MsE4d1n22LFbkFoyrTQ",
  e: "AQAB",
  d: "Bn1zt1IdAM5TZvjHhbMvrs87JdEw1vFHyCd-gqS857d0xGRE7XUGFDdGPeKNZKwmz9wCXSgHv8QGji9EOfynGJhaUqYO8q1ljlxg4O0VS1KjaYiB0xLh5uLfl6s6UEm8ZNqZMDlJ9pEgvOZb3_suznsZa2nnSkhq5J-nJEQ2FnA220YEM5WFQpwHYfpGD06g7jg-YffMHvoe6vkMAOyQGpw_quWT6PABuaurDiFLd5XHY8zpwYsoP-4SSoyrMlX0fsRLOIyNKRP9Oi4O1rF6d495EjY5kas3IIv5x0Qdta1B4xojTUh_8a81Cdx2jn227FbD74vcSca5dWq2jxVJAQ",
  p: "9jvDMyC8d_oP1I8eAmG_Jp7QJH2q-gBTNxXGz6fUBvfMGy6S9HUeRgSa0QgMyUgfJBeYqKiNQD6Ygqv0k5kOgYlS9sXkocoyaEwbrYbP9iCCmYBB2A1HA-PxsQOzeB1nE0FMrT5b5nd9NFytrg1BHw8YJIzevpzEsDIsPAeSmA0",
  q: "zv6HsQsHF9neThCPyzJ3GYKB92qajREpoDzAyUAwG1KJ4jm2j5GZyCbaP5p0KN2Rh4ScNgudEiWTjlsCtx6oN2DlTK7Kd7qhOcE3t3D6DUU2G5bKCCEPc1R3RUUGl4hK0nZ9EFtYKB4mqK0G-n0Yi5E9Gujco1-MTE0mOcIQUEE",
  dp: "qhZCEhEs3ttXEAcEPbTza2QMdwhvkF2lHcnnGQ3fAiktTiFv1XkJPmhz4Kxk2Kz_Bdle1DIJ0DTs-GZ7fXEeehA3xMqR0chv5WedPtJ-2I9AZ3QXB3y0b1WHYDUkRXZZ-w0CQDFxHdOwIvlZ5360WxX8IVNFkfmMTAF8WMMKWgk",
  dq: "ESwim7h7fSoQ_E75bvUf1ljyaVFJwxxCZM3FfKy7kPi3AbKiB6UfqfA3OQGaU22WTjTdNMqf3EqLxEqengyIDhgWzdbOa0Jrb7ws4CYaSJGOXJmU5zm-62V9g5ynYFjpRC6aT4oUdTeTI3k_U_ae261P8XSSIWei3w2jdzU3X0E",
  qi: "pg-644FGG0uGH9aGfO_SyEq8M98lEU9E7Dt9KsiU2O2t3wPKz-iRoqiYwCnefBEFjEF76lQ8-N279MO2Jx85ZTzo2RpiIevdjmDcahRRNpKiY_iqoxh_d0KXrOqUv_OBxPgBRh0QpPkP3jTGZVRbECgsjoH2KQ4pC8xHqZbqjR0",
};

/** A key the fake team does not publish until a test says so (a rotation). */
export const NEXT_ACCESS_KEY: TestKey = {
  kid: "internalbf-test-2",
  kty: "RSA",
  n: "t2yLpfrggMEKmxGb-_oeStpoxoeEXaNQQFP_6eST3-tF96CPY3Y6DEWD9xKdeZBHmiGxtEmOPKdRiMNw28zg4ACYn6dT-ddj1X5K61YJ91QT8gX_V96_8J71I0HYpqAMM6B66DiihSv4YDATfPN90zmSYaBzd36C__h9lr0K_MQlWth4Vd__NtJCkL4l9Oe3RlRS4nuK2At_-3ncJKjbWI5qktwbGA9DNSF0UD3ktxARaCHAYKytBpR3o12H_9R6Jmmt9gdZ47dhVpwRXjsTwquGK62mLYzYEDB0cAPV5gKfJ6WPOkSETdiMMos9F9_AbOX-80scvuya6a9ZsPG-VQ",
  e: "AQAB",
  d: "D8h2CsH34_RYbIf7H1dCGIhLKDwcem81Vle0B2T9CXFF-70T4YfYjlpD9PRj2wQ8eQmJsDz9EYCHPkis8yjht7ytZV2BVxf-1e3QVgg5AtB4B-UWt_Gpm_OdndtKYGoYqq-WK9nFuEZUkLhKUP_ltZF4ZFCpZuCatppj-h7JrX6w7JtZ0gIOSK4vw0eHrSMOcOKtg3k9dSkpW5eaKtXdnYCOKYz4vx9Cx8uFgyjIlZx0kaTuE512cOxS2JK2DowMIuB8IIFrSA2-yR0oQbwfGOnAyMuXsSi80-o5J92oOcvI5Uc-US-p870H48zJwp7B008W3EqQ2MBFxvPJVgjQQQ",
  p: "5KH2Ur3o-NGFCxtQznDIQTqV2rHFuLz6g_JRIer2F5IBlV1NunZJoMHl2By5uqc2v_a6YZUlHpqsrjekWKBWrS864gekqahSKql3la3-Rm0eORiXKkYIrFOEkDzwNb0bFIxs2Sk2tfINvtbCqZPGA_DdOZKrlDXjWgg0a04r7RU",
  q: "zWE-vEramujiMqjb5Q24ItN7Q-AwUFtXgaufSlDCDdtPpI0VyrrOwJRKSw8PpOWvejoTzCEn-Oc8EFWOXuEx2DorrOosRKT8SatucHUxrSKrckwTrm4eczqb-hOOvFdvW55WERmw_7J8-eCJTXw_CBmejyJvERVw3mgK7-_7XEE",
  dp: "wAe9AZAazmoEaei-fTZDLG5NkUsBPAIWE58CQA--NNvgUpj0gSl6-_f_2f1-jeSGWsOblfyUGdlmMknv0rSROJLTzScISatjoAuIsoJacMKTwPcDeHEsNblMPW3BgBFeXmr3vYodNsKgguqUw6OnjIXQ-dtUG38LfwInLP2SbWU",
  dq: "iFYCoFoMbgMkjT6c4pvN3YiH7lH3oJBSMaktD9c2Sp6IaxKhIbgKobqO6u6vkuZKK5g8JijocQmHTMyOuxtAzGopLhsxkcv4Eit0H8EcXfOC3lf0RLmjCxkgC81J1mswaCBev_FPFx50aigM3VwaN5VSNXBFTJDwISPuBsNHGEE",
  qi: "BcNCY_WiNhxeV0ttpCLWtA9tqYzSQWi093yS2O7v8w-tLoX1GD2Sfjao24GAbxDE9zAytQjsThkzzwkRgtQG9r5O0AZb5jpznlYA7_-hvxYPH4VLv6LNR_1QG2e9b3gGEzQIRQoqczRxvn0o9EIYgNiA1L6cDt_S6DUl-7iwkI4",
};

/** The public half of `key` as Access publishes it in its JWKS. */
export function publicJwk(key: TestKey): { kid: string; kty: "RSA"; alg: "RS256"; use: "sig"; n: string; e: string } {
  return { kid: key.kid, kty: key.kty, alg: "RS256", use: "sig", n: key.n, e: key.e };
}
