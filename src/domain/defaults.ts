/** Constants the server, the app and the web portal share; here so none of them imports app.ts. */
export const DEFAULT_SANDBOX = 'default';
export const VERSION = '0.1.0';
