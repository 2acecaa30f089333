/**
 * A browser in miniature for the web portal over app.inject: a cookie jar, the last page parsed,
 * and form submission the way a browser does it (every field of the form as rendered, the button's
 * name/value, then the test's own changes).
 */
import { parse, type HTMLElement } from 'node-html-parser';
import type { TestApp } from './build.js';

export type FormValues = Record<string, string | string[]>;

export interface Page {
  status: number;
  location: string | undefined;
  headers: Record<string, unknown>;
  body: string;
  raw: Buffer;
  doc: HTMLElement;
  /** Trimmed text of the first element matching the selector ('' when none). */
  text(selector: string): string;
}

export class UiClient {
  readonly cookies = new Map<string, string>();
  page: Page | null = null;

  constructor(private readonly t: TestApp) {}

  private async request(method: 'GET' | 'POST', url: string, form?: FormValues): Promise<Page> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload: string | undefined;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) params.append(k, one);
      payload = params.toString();
    }
    const res = await this.t.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const cleared =
        c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < 1e12);
      if (cleared) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const doc = parse(res.body);
    const page: Page = {
      status: res.statusCode,
      location: res.headers.location as string | undefined,
      headers: res.headers,
      body: res.body,
      raw: res.rawPayload,
      doc,
      text: (selector) => doc.querySelector(selector)?.text.trim().replace(/\s+/g, ' ') ?? '',
    };
    if ((res.headers['content-type'] as string | undefined)?.startsWith('text/html')) this.page = page;
    return page;
  }

  get(url: string): Promise<Page> {
    return this.request('GET', url);
  }

  /** Posts raw values: no form, no token unless given. */
  postRaw(url: string, form: FormValues): Promise<Page> {
    return this.request('POST', url, form);
  }

  /** The fields a browser would send for a form on the current page. */
  formValues(selector: string): FormValues {
    const form = this.page?.doc.querySelector(selector);
    if (!form) throw new Error(`no form ${selector} on the page`);
    const values: Record<string, string[]> = {};
    const add = (name: string | undefined, value: string) => {
      if (name) (values[name] ??= []).push(value);
    };
    for (const el of form.querySelectorAll('input, select, textarea')) {
      const name = el.getAttribute('name');
      if (el.hasAttribute('disabled')) continue;
      const tag = el.tagName.toLowerCase();
      const type = (el.getAttribute('type') ?? 'text').toLowerCase();
      if (tag === 'select') {
        const chosen = el.querySelector('option[selected]') ?? el.querySelector('option');
        add(name, chosen?.getAttribute('value') ?? chosen?.text ?? '');
      } else if (tag === 'textarea') add(name, el.text);
      else if (type === 'checkbox' || type === 'radio') {
        if (el.hasAttribute('checked')) add(name, el.getAttribute('value') ?? 'on');
      } else if (type !== 'submit' && type !== 'button') add(name, el.getAttribute('value') ?? '');
    }
    return values;
  }

  /**
   * Submits a form of the current page: its action, its fields, the clicked button's name and value,
   * then `changes` (a value replaces the field; null removes it, as unticking a checkbox does).
   */
  async submit(
    selector: string,
    changes: Record<string, string | string[] | null> = {},
    button?: { name: string; value: string },
  ): Promise<Page> {
    const form = this.page?.doc.querySelector(selector);
    if (!form) throw new Error(`no form ${selector} on the page`);
    const values = this.formValues(selector);
    if (button) values[button.name] = button.value;
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) delete values[k];
      else values[k] = v;
    }
    const method = (form.getAttribute('method') ?? 'get').toUpperCase();
    const action = form.getAttribute('action') ?? '';
    if (method === 'GET') {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(values)) for (const one of [v].flat()) params.append(k, one);
      return this.get(`${action}?${params.toString()}`);
    }
    return this.postRaw(action, values);
  }

  /** Follows a redirect answer. */
  async follow(page: Page): Promise<Page> {
    if (!page.location) throw new Error(`not a redirect: ${page.status}`);
    return this.get(page.location);
  }

  async signInWithToken(token: string): Promise<Page> {
    await this.get('/portal/sign-in');
    return this.follow(await this.submit('#token-form', { token }));
  }
}
