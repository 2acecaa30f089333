-- Simulated ASAs speak the ASA CLI (issue 8): what 'show version' reports, how to log in, and the
-- state the CLI changes (activation keys, the webvpn Essentials switch, uptime).
ALTER TABLE asa_devices ADD COLUMN software_version TEXT;            -- NULL: the model's newest release
ALTER TABLE asa_devices ADD COLUMN ssh_username TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE asa_devices ADD COLUMN ssh_password TEXT NOT NULL DEFAULT 'cisco';
ALTER TABLE asa_devices ADD COLUMN enable_password TEXT NOT NULL DEFAULT 'cisco';
ALTER TABLE asa_devices ADD COLUMN running_key TEXT;                 -- running permanent key; NULL: factory key
ALTER TABLE asa_devices ADD COLUMN pending_key TEXT;                 -- flash permanent key waiting for a reload
ALTER TABLE asa_devices ADD COLUMN timebased_key TEXT;
ALTER TABLE asa_devices ADD COLUMN essentials_running INTEGER NOT NULL DEFAULT 0;
ALTER TABLE asa_devices ADD COLUMN essentials_saved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE asa_devices ADD COLUMN config_modified_ms INTEGER;       -- NULL: created_ms
ALTER TABLE asa_devices ADD COLUMN config_modified_by TEXT;          -- NULL: the SSH username
ALTER TABLE asa_devices ADD COLUMN booted_ms INTEGER;                -- NULL: created_ms
