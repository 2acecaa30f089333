/**
 * The terminal side of an ASA SSH session: echo, line editing, password entry without echo, and
 * the `<--- More --->` pager. Each finished line goes to `run`, which answers with what the device
 * printed; this class knows no command.
 */
export interface LineResult {
  output: string;
  /** Shown after the output unless the session closes; '' while a question waits. */
  prompt: string;
  close: boolean;
  /** `terminal pager` lines (0: no paging). */
  pager: number;
  /** The next line is a password: do not echo it. */
  secret: boolean;
}

export interface TerminalIo {
  write(text: string): void;
  close(): void;
}

const MORE = '<--- More --->';
const ERASE_MORE = `\r${' '.repeat(MORE.length)}\r`;

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

export interface TerminalLimits {
  /** Characters a line may hold; past it typing rings the bell and the line stops growing. */
  maxLineLength: number;
}

export const DEFAULT_MAX_LINE_LENGTH = 1024;
const BELL = '\x07';

export class AsaTerminal {
  private line = '';
  private afterCr = false;
  private inEscape = false;
  private secret = false;
  private closed = false;
  /** Lines still to show, and the prompt after them, while the pager waits for a key. */
  private paging: { lines: string[]; prompt: string; pager: number; close: boolean } | null = null;
  /** What one input packet made the terminal print: sent in one write, not one per character. */
  private pending = '';
  private rang = false;

  constructor(
    private readonly io: TerminalIo,
    private readonly run: (line: string) => LineResult,
    /** `?` answers at once, without Enter, then the prompt and the line typed so far come back. */
    private readonly help?: (line: string) => { output: string; prompt: string },
    private readonly limits: TerminalLimits = { maxLineLength: DEFAULT_MAX_LINE_LENGTH },
  ) {}

  start(banner: string, prompt: string): void {
    this.io.write(crlf(banner) + prompt);
  }

  input(data: string): void {
    this.rang = false;
    try {
      this.consume(data);
    } finally {
      this.flush();
    }
  }

  private write(text: string): void {
    this.pending += text;
  }

  private flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.io.write(text);
  }

  private consume(data: string): void {
    for (const ch of data) {
      if (this.closed) return;
      if (ch === '\n' && this.afterCr) {
        this.afterCr = false;
        continue;
      }
      this.afterCr = ch === '\r';
      if (this.paging) {
        this.page(ch);
        continue;
      }
      if (this.inEscape) {
        // Arrow and function keys: ESC [ ... final letter or '~'; the ASA CLI here keeps no history.
        if (/[A-Za-z~]/.test(ch)) this.inEscape = false;
        continue;
      }
      if (ch === '\r' || ch === '\n') this.submit();
      else if (ch === '\x1b') this.inEscape = true;
      else if (ch === '\x7f' || ch === '\b') this.backspace();
      else if (ch === '\x03') this.cancelLine();
      else if (ch === '?' && this.help && !this.secret) this.showHelp();
      else if (ch >= ' ') this.type(ch);
    }
  }

  private type(ch: string): void {
    if (this.line.length >= this.limits.maxLineLength) {
      // Once per packet: a flood of characters gets one bell, not one per character.
      if (!this.rang) this.write(BELL);
      this.rang = true;
      return;
    }
    this.line += ch;
    if (!this.secret) this.write(ch);
  }

  private backspace(): void {
    if (this.line.length === 0) return;
    this.line = this.line.slice(0, -1);
    if (!this.secret) this.write('\b \b');
  }

  private showHelp(): void {
    const answer = (this.help as NonNullable<AsaTerminal['help']>)(this.line);
    this.write(`?\r\n${crlf(answer.output)}${answer.prompt}${this.line}`);
  }

  private cancelLine(): void {
    this.line = '';
    this.write('^C\r\n');
    this.submitLine('');
  }

  private submit(): void {
    const line = this.line;
    this.line = '';
    this.write('\r\n');
    this.submitLine(line);
  }

  private submitLine(line: string): void {
    const result = this.run(line);
    this.secret = result.secret;
    const text = result.output;
    const lines = text.split('\n');
    if (result.pager > 0 && lines.length - 1 > result.pager) {
      this.paging = { lines, prompt: result.prompt, pager: result.pager, close: result.close };
      this.showPage(result.pager);
      return;
    }
    this.finish(crlf(text), result.prompt, result.close);
  }

  private showPage(count: number): void {
    const p = this.paging as NonNullable<AsaTerminal['paging']>;
    const shown = p.lines.splice(0, count);
    this.write(crlf(shown.join('\n')) + '\r\n');
    // The last element is what follows the final newline (a question, or nothing).
    if (p.lines.length <= 1) {
      this.paging = null;
      this.finish(crlf(p.lines.join('\n')), p.prompt, p.close);
    } else {
      this.write(MORE);
    }
  }

  private page(key: string): void {
    const p = this.paging as NonNullable<AsaTerminal['paging']>;
    this.write(ERASE_MORE);
    if (key === ' ') this.showPage(p.pager);
    else if (key === '\r' || key === '\n') this.showPage(1);
    else {
      this.paging = null;
      this.finish('', p.prompt, p.close);
    }
  }

  private finish(text: string, prompt: string, close: boolean): void {
    this.write(text);
    if (close) {
      this.closed = true;
      this.flush();
      this.io.close();
    } else {
      this.write(prompt);
    }
  }
}
