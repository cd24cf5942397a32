// Preloaded with `node --require`: answers every *.localhost name (vault hosts such as
// myvault.vault.localhost) with 127.0.0.1, as the test machine's resolver does not. Other names are untouched.
"use strict";
const dns = require("dns");
const original = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = {};
  }
  if (typeof options === "number") {
    options = { family: options };
  }
  if (typeof hostname === "string" && hostname.toLowerCase().endsWith(".localhost")) {
    if (options && options.all) {
      return process.nextTick(callback, null, [{ address: "127.0.0.1", family: 4 }]);
    }
    return process.nextTick(callback, null, "127.0.0.1", 4);
  }
  return original.call(dns, hostname, options, callback);
};
