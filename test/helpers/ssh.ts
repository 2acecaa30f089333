import ssh2 from 'ssh2';

/** An interactive SSH shell driven from a test: send lines, wait for text. */
export class SshShell {
  private buffer = '';
  private isClosed = false;
  private waiters: Array<() => void> = [];
  /** Everything received, for assertions on the whole session. */
  transcript = '';
  readonly closed: Promise<void>;

  private constructor(
    private readonly client: ssh2.Client,
    private readonly stream: ssh2.ClientChannel,
  ) {
    stream.on('data', (d: Buffer) => {
      this.buffer += d.toString('utf8');
      this.transcript += d.toString('utf8');
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => stream.on('close', () => resolve()));
    void this.closed.then(() => {
      this.isClosed = true;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static open(port: number, username = 'admin', password = 'cisco'): Promise<SshShell> {
    return new Promise((resolve, reject) => {
      const client = new ssh2.Client();
      client.on('error', reject);
      client.on('ready', () =>
        client.shell({ term: 'vt100', cols: 511, rows: 1000 }, (err, stream) =>
          err ? reject(err) : resolve(new SshShell(client, stream)),
        ),
      );
      client.connect({ host: '127.0.0.1', port, username, password, readyTimeout: 10_000 });
    });
  }

  send(text: string): void {
    this.stream.write(text);
  }

  line(text: string): void {
    this.send(`${text}\r`);
  }

  /** Resolves with what arrived up to and including the pattern, and consumes it. */
  async expect(pattern: RegExp | string, timeoutMs = 10_000): Promise<string> {
    const started = performance.now();
    for (;;) {
      const m = typeof pattern === 'string' ? this.find(pattern) : pattern.exec(this.buffer);
      if (m) {
        const end = m.index + m[0].length;
        const text = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end);
        return text;
      }
      if (performance.now() - started > timeoutMs || this.isClosed) {
        throw new Error(`expected ${String(pattern)}; got ${JSON.stringify(this.buffer)}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Sends a command and returns its output (without the echo and the next prompt). */
  async run(command: string, prompt = /\S+[>#] $/): Promise<string> {
    this.line(command);
    const text = await this.expect(prompt);
    return text.slice(text.indexOf('\r\n') + 2).replace(prompt, '');
  }

  private find(s: string) {
    const i = this.buffer.indexOf(s);
    return i < 0 ? null : { index: i, 0: s };
  }

  /** What arrived until the server closed the session. */
  async waitClosed(): Promise<string> {
    await this.closed;
    return this.buffer;
  }

  end(): void {
    this.client.end();
  }
}

/** Connects and reports how the attempt ended: 'ready', or the error's message or code. */
export function tryLogin(port: number, username: string, password: string): Promise<string> {
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    client.on('ready', () => {
      client.end();
      resolve('ready');
    });
    client.on('error', (err: Error & { code?: string; level?: string }) => resolve(err.code ?? err.message));
    client.on('close', () => resolve('closed'));
    client.connect({ host: '127.0.0.1', port, username, password, readyTimeout: 10_000 });
  });
}

/** The host key a server presents (base64), as a client's known_hosts would record it. */
export function hostKeyOf(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let key = '';
    client.on('ready', () => {
      client.end();
      resolve(key);
    });
    client.on('error', reject);
    client.connect({
      host: '127.0.0.1',
      port,
      username: 'admin',
      password: 'cisco',
      hostVerifier: (k: Buffer) => {
        key = k.toString('base64');
        return true;
      },
    });
  });
}
