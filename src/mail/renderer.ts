import { readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Part = 'subject' | 'text' | 'html';

export const DEFAULT_EMAIL_TEMPLATES = new URL('../../templates/email/', import.meta.url);

/**
 * Renders emails from templates/email/<name>.{subject,text,html}.hbs. The HTML part escapes every
 * value (user-supplied names and addresses stay inert); subject and text are plain text.
 */
export class MailRenderer {
  private readonly templates = new Map<string, Record<Part, Handlebars.TemplateDelegate>>();

  constructor(dir: URL | string = DEFAULT_EMAIL_TEMPLATES) {
    const hbs = Handlebars.create();
    const files = readdirSync(dir).filter((f) => f.endsWith('.hbs'));
    const names = new Set(files.map((f) => f.split('.')[0] as string));
    for (const name of names) {
      const load = (part: Part, escape: boolean) =>
        hbs.compile(
          readFileSync(new URL(`${name}.${part}.hbs`, dir instanceof URL ? dir : `file://${dir}/`), 'utf8'),
          {
            noEscape: !escape,
            strict: true,
          },
        );
      this.templates.set(name, {
        subject: load('subject', false),
        text: load('text', false),
        html: load('html', true),
      });
    }
  }

  render(name: string, data: object): RenderedMail {
    const t = this.templates.get(name);
    if (!t) throw new Error(`no email template named ${name}`);
    return {
      subject: t.subject(data).trim(),
      text: t.text(data),
      html: t.html(data),
    };
  }
}
