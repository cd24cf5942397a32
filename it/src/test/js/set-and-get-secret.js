// Sets and reads back a secret with the unchanged Azure SDK for JavaScript against Coffer.
// Input from the environment (never argv, which other users can see): COFFER_TENANT_ID, COFFER_CLIENT_ID,
// COFFER_CLIENT_SECRET, COFFER_AUTHORITY_HOST, COFFER_VAULT_URL, COFFER_SECRET_NAME, COFFER_SECRET_VALUE.
// Prints one JSON line with what the service returned.
"use strict";
const { ClientSecretCredential } = require("@azure/identity");
const { SecretClient } = require("@azure/keyvault-secrets");

async function main() {
  const env = process.env;
  const credential = new ClientSecretCredential(env.COFFER_TENANT_ID, env.COFFER_CLIENT_ID, env.COFFER_CLIENT_SECRET, {
    authorityHost: env.COFFER_AUTHORITY_HOST,
    // MSAL would otherwise ask login.microsoftonline.com whether this authority is known.
    disableInstanceDiscovery: true,
  });
  const client = new SecretClient(env.COFFER_VAULT_URL, credential);
  const set = await client.setSecret(env.COFFER_SECRET_NAME, env.COFFER_SECRET_VALUE, { contentType: "text/plain" });
  const got = await client.getSecret(env.COFFER_SECRET_NAME);
  const names = [];
  for await (const p of client.listPropertiesOfSecrets()) {
    names.push(p.name);
  }
  console.log(JSON.stringify({ setId: set.properties.id, value: got.value, version: got.properties.version, names }));
}

main().catch((e) => {
  console.error("FAILED: " + (e && e.message ? e.message : e));
  process.exit(1);
});
