import type { App } from './context.js';

/** The served OpenAPI document as committed text: stable key order, two-space indent, final newline. */
export function openapiText(app: App): string {
  return `${JSON.stringify(app.swagger(), null, 2)}\n`;
}
