// Keys and cryptography with the unchanged Azure SDK for JavaScript against Coffer: RSA and EC keys, service-side
// sign/decrypt/unwrap (CryptographyClient), a rotation and its policy, listing and soft delete. Signatures are
// also checked with Node's own crypto against the public key Coffer returned.
// Input from the environment: COFFER_TENANT_ID, COFFER_CLIENT_ID, COFFER_CLIENT_SECRET, COFFER_AUTHORITY_HOST,
// COFFER_VAULT_URL. Prints one JSON line with what it saw.
"use strict";
const nodeCrypto = require("crypto");
const { ClientSecretCredential } = require("@azure/identity");
const { KeyClient, CryptographyClient } = require("@azure/keyvault-keys");

const b64url = (bytes) => Buffer.from(bytes).toString("base64url");

function nodeVerifies(jwk, algorithm, data, signature) {
  const key = jwk.kty.startsWith("EC")
    ? nodeCrypto.createPublicKey({ key: { kty: "EC", crv: jwk.crv, x: b64url(jwk.x), y: b64url(jwk.y) }, format: "jwk" })
    : nodeCrypto.createPublicKey({ key: { kty: "RSA", n: b64url(jwk.n), e: b64url(jwk.e) }, format: "jwk" });
  const options = jwk.kty.startsWith("EC") ? { key, dsaEncoding: "ieee-p1363" } : key;
  return nodeCrypto.verify(algorithm, data, options, Buffer.from(signature));
}

async function main() {
  const env = process.env;
  const credential = new ClientSecretCredential(env.COFFER_TENANT_ID, env.COFFER_CLIENT_ID, env.COFFER_CLIENT_SECRET, {
    authorityHost: env.COFFER_AUTHORITY_HOST,
    disableInstanceDiscovery: true,
  });
  const keys = new KeyClient(env.COFFER_VAULT_URL, credential);
  const out = {};
  const data = Buffer.from("coffer signs this, node checks it");
  const digest = nodeCrypto.createHash("sha256").update(data).digest();

  const rsa = await keys.createRsaKey("js-rsa", { keySize: 2048 });
  out.rsaKeyType = rsa.keyType;
  const rsaCrypto = new CryptographyClient(rsa, credential);
  const remoteRsa = new CryptographyClient(rsa.id, credential);
  const rs256 = await remoteRsa.sign("RS256", digest);
  out.rs256VerifiedByNode = nodeVerifies(rsa.key, "sha256", data, rs256.result);
  out.rs256VerifiedByCoffer = (await remoteRsa.verify("RS256", digest, rs256.result)).result;
  const ps256 = await remoteRsa.sign("PS256", digest);
  out.ps256VerifiedByCoffer = (await remoteRsa.verify("PS256", digest, ps256.result)).result;
  const secret = Buffer.from("a message for RSA-OAEP-256");
  const encrypted = await rsaCrypto.encrypt({ algorithm: "RSA-OAEP-256", plaintext: secret });
  out.oaepRoundTrip = Buffer.from((await remoteRsa.decrypt({ algorithm: "RSA-OAEP-256",
    ciphertext: encrypted.result })).result).equals(secret);
  const aesKey = nodeCrypto.randomBytes(32);
  const wrapped = await remoteRsa.wrapKey("RSA-OAEP", aesKey);
  out.unwrapRoundTrip = Buffer.from((await remoteRsa.unwrapKey("RSA-OAEP", wrapped.result)).result).equals(aesKey);

  const ec = await keys.createEcKey("js-ec", { curve: "P-256" });
  const es256 = await new CryptographyClient(ec.id, credential).sign("ES256", digest);
  out.es256VerifiedByNode = nodeVerifies(ec.key, "sha256", data, es256.result);

  await keys.updateKeyRotationPolicy("js-rsa", {
    lifetimeActions: [{ action: "Rotate", timeBeforeExpiry: "P30D" }],
    expiresIn: "P90D",
  });
  const policy = await keys.getKeyRotationPolicy("js-rsa");
  out.policyActions = policy.lifetimeActions.map((a) => a.action + ":" + (a.timeBeforeExpiry || a.timeAfterCreate));
  out.policyExpiresIn = policy.expiresIn;
  const rotated = await keys.rotateKey("js-rsa");
  out.rotatedToNewVersion = rotated.properties.version !== rsa.properties.version;
  const versions = [];
  for await (const v of keys.listPropertiesOfKeyVersions("js-rsa")) {
    versions.push(v.version);
  }
  out.versionCount = versions.length;
  out.names = [];
  for await (const p of keys.listPropertiesOfKeys()) {
    out.names.push(p.name);
  }
  const poller = await keys.beginDeleteKey("js-ec");
  const deleted = await poller.pollUntilDone();
  out.deletedRecoveryId = deleted.properties.recoveryId;
  out.scheduledPurgeDate = String(deleted.properties.scheduledPurgeDate);
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error("FAILED: " + (e && e.message ? e.message : e));
  process.exit(1);
});
