import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

export const DEFAULT_FILE_TEMPLATES = new URL('../../templates/files/', import.meta.url);

/** Renders attachment contents (license files) from templates/files/<name>.hbs, as plain text. */
export class FileRenderer {
  private readonly hbs = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();

  constructor(private readonly dir: URL = DEFAULT_FILE_TEMPLATES) {}

  render(name: string, data: object): string {
    let template = this.cache.get(name);
    if (!template) {
      template = this.hbs.compile(readFileSync(new URL(`${name}.hbs`, this.dir), 'utf8'), {
        noEscape: true,
        strict: true,
      });
      this.cache.set(name, template);
    }
    return template(data);
  }
}
