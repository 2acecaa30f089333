/** The library entry: `import { startPortal } from 'license-portal-sim'`. */
export { startPortal, PortalError } from './portal.js';
export type { Portal, PortalSandbox, StartPortalOptions, CreateSandboxOptions } from './portal.js';
export { startServer, type RunningServer } from './server.js';
export { buildApp, type AppOptions } from './app.js';
export { loadConfig, CONFIG_VARS, ConfigError, type Config, type ConfigVar } from './config.js';
export type { SettingsPatch } from './services/sandbox-settings.js';
export type { ClockView, CreateSandboxInput, SandboxInfo } from './services/sandboxes.js';
export type { UserInput, UserView } from './services/users.js';
export type { MailFilter, MailSummary, MailMessage } from './services/mailbox.js';
