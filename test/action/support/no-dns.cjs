// Preloaded into the step's process by the proxy tests (NODE_OPTIONS=--require): the host names they
// use (internalbf.test) resolve only inside the test's proxy, and must never reach this machine's
// resolver, which asks a DNS server elsewhere. Every lookup of a name but localhost fails here, at
// once, as an unknown host does (ENOTFOUND); addresses and localhost resolve as usual.
const dns = require("node:dns");
const { isIP } = require("node:net");

const lookup = dns.lookup;
dns.lookup = function lookupWithoutDns(hostname, options, callback) {
  if (hostname === "localhost" || isIP(hostname) !== 0) return lookup.call(this, hostname, options, callback);
  const done = typeof options === "function" ? options : callback;
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: "ENOTFOUND",
    syscall: "getaddrinfo",
    hostname,
  });
  process.nextTick(done, error);
};
