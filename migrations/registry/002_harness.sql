-- Per-sandbox admin tokens: the SHA-256 of a token that controls one sandbox's /__admin routes.
-- NULL when none was issued (sandboxes loaded at boot). Tokens themselves are never stored.
ALTER TABLE sandboxes ADD COLUMN admin_token_hash TEXT;
CREATE UNIQUE INDEX sandboxes_by_admin_token ON sandboxes(admin_token_hash);
