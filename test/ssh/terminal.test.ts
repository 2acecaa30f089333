import { describe, expect, it } from 'vitest';
import { AsaTerminal, type LineResult } from '../../src/ssh/terminal.js';

function terminal(answer: (line: string) => Partial<LineResult> = () => ({})) {
  const out: string[] = [];
  const lines: string[] = [];
  let closed = false;
  const term = new AsaTerminal({ write: (s) => out.push(s), close: () => (closed = true) }, (line) => {
    lines.push(line);
    return { output: '', prompt: 'asa# ', close: false, pager: 0, secret: false, ...answer(line) };
  });
  return { term, out, lines, closed: () => closed };
}

describe('The SSH terminal: echo and line editing', () => {
  it('echoes what is typed; CR, LF and CRLF each end one line; backspace edits; arrow keys are ignored', () => {
    const t = terminal();
    t.term.input('shw\x7f\x7fhow\x1b[A ver\r\nconf t\nend\r');
    expect(t.lines).toEqual(['show ver', 'conf t', 'end']);
    expect(t.out.join('')).toBe('shw\b \b\b \bhow ver\r\nasa# conf t\r\nasa# end\r\nasa# ');
  });

  it('a password is not echoed', () => {
    const t = terminal((line) =>
      line === 'enable' ? { output: 'Password: ', prompt: '', secret: true } : {},
    );
    t.term.input('enable\rcisco\r');
    expect(t.out.join('')).toBe('enable\r\nPassword: \r\nasa# ');
    expect(t.lines).toEqual(['enable', 'cisco']);
  });

  it('Ctrl-C abandons the line', () => {
    const t = terminal();
    t.term.input('show\x03');
    expect(t.lines).toEqual(['']);
    expect(t.out.join('')).toBe('show^C\r\nasa# ');
  });

  it('output longer than the pager waits at <--- More --->; Enter shows one more line', () => {
    const text = Array.from({ length: 5 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const t = terminal(() => ({ output: text, pager: 2 }));
    t.term.input('x\r');
    expect(t.out.join('')).toBe('x\r\nline 1\r\nline 2\r\n<--- More --->');
    t.term.input('\r');
    expect(t.out.join('').endsWith('<--- More --->\r              \rline 3\r\n<--- More --->')).toBe(true);
    t.term.input(' ');
    expect(t.out.join('').endsWith('line 4\r\nline 5\r\nasa# ')).toBe(true);
    expect(t.lines).toEqual(['x']);
  });

  it('a closing answer ends the session after its output', () => {
    const t = terminal(() => ({ output: '\nLogoff\n\n', close: true }));
    t.term.input('exit\rignored\r');
    expect(t.closed()).toBe(true);
    expect(t.lines).toEqual(['exit']);
  });
});

describe('The SSH terminal: ? answers at once', () => {
  it('shows the help for the line so far, then the prompt and the line again, without running it', () => {
    const out: string[] = [];
    const lines: string[] = [];
    const term = new AsaTerminal(
      { write: (s) => out.push(s), close: () => undefined },
      (line) => {
        lines.push(line);
        return { output: '', prompt: 'asa# ', close: false, pager: 0, secret: false };
      },
      (line) => ({
        output: line === 'sh ' ? '\n  version   Display the system software version\n' : '',
        prompt: 'asa# ',
      }),
    );
    term.input('sh ?');
    expect(out.join('')).toBe('sh ?\r\n\r\n  version   Display the system software version\r\nasa# sh ');
    term.input('ver\r');
    expect(lines).toEqual(['sh ver']);
  });
});
