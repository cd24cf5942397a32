-- Network access: a vault's own TLS floor ("1.2" or "1.3"; NULL means the server's floor). Coffer's addition:
-- Azure cannot raise the floor per vault.

ALTER TABLE vaults ADD COLUMN minimum_tls_version TEXT;
