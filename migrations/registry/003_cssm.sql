-- Which sandbox an OAuth API client (Smart Software Manager API) belongs to; the client itself,
-- its hashed secret and its tokens live in the sandbox database.
CREATE TABLE cssm_clients (
  client_id   TEXT PRIMARY KEY,
  sandbox_id  TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE
);
CREATE INDEX cssm_clients_by_sandbox ON cssm_clients(sandbox_id);
