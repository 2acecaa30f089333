/**
 * Over 400 lines: the command table, its matcher and the outputs it prints read as one grammar.
 *
 * The ASA command line as a pure function: one input line + device state + session + time in,
 * output text + new state + new session out. The SSH server and the control-plane `cli` call feed
 * it; neither knows a command.
 *
 * Commands are matched keyword by keyword, each keyword by unique prefix (`sh ver`, `conf t`,
 * `wr mem`), the way the ASA parser does; a hand-written matcher because the ASA grammar is
 * domain behaviour (its exact error texts and caret positions), not program argument parsing.
 * Longer than most modules because the command table, its matcher and `?` help are one grammar;
 * output layouts live in asa-device/asa-config/asa-license, filters in asa-filters.
 */
import { decodeActivationKey, parseKeyWords } from './activation-key.js';
import { configSection, configText, writeMemoryOutput } from './asa-config.js';
import {
  asaTime,
  daysRemaining,
  droppedFeatures,
  modelOf,
  permanentFeatures,
  showActivationKey,
  showInventory,
  showVersion,
  timebasedFeatures,
  type AsaState,
  type DeviceContext,
} from './asa-device.js';
import { applyFilter, parseFilter } from './asa-filters.js';
import { helpList } from './asa-help.js';
import { showLicenseAll, showLicenseStatus, showLicenseSummary } from './asa-license.js';

export type CliMode = 'user' | 'exec' | 'config' | 'webvpn';

export type Pending =
  | { kind: 'enable-password'; attempts: number }
  | { kind: 'login-username' }
  | { kind: 'login-password'; username: string }
  | { kind: 'key-confirm'; key: string }
  | { kind: 'reload-save' }
  | { kind: 'reload-confirm'; discardConfig: boolean };

export interface CliSession {
  mode: CliMode;
  /** A question the next line answers ('Password:', '[confirm]'). */
  pending: Pending | null;
  /** `terminal pager` lines; 0 pages nothing. The transport does the paging. */
  pager: number;
  /** Who 'Configuration last modified by' names. */
  user: string;
}

export interface CliResult {
  /** What the device printed, '\n' line ends; a pending question ends it without one. */
  output: string;
  state: AsaState;
  session: CliSession;
  /** The device ended the session (exit, reload). */
  close: boolean;
  /** Whether device state changed (the caller persists it). */
  changed: boolean;
}

/** The ASA's default: 24 lines a page until `terminal pager 0`. */
export const DEFAULT_PAGER_LINES = 24;

export function newSession(user: string, mode: CliMode = 'user'): CliSession {
  return { mode, pending: null, pager: DEFAULT_PAGER_LINES, user };
}

/** `asa>`, `asa#`, `asa(config)#`, `asa(config-webvpn)#`; empty while a question waits. */
export function promptOf(state: AsaState, session: CliSession): string {
  if (session.pending) return '';
  switch (session.mode) {
    case 'user':
      return `${state.hostname}> `;
    case 'exec':
      return `${state.hostname}# `;
    case 'config':
      return `${state.hostname}(config)# `;
    case 'webvpn':
      return `${state.hostname}(config-webvpn)# `;
  }
}

/** The next line is a password: the transport must not echo it. */
export const expectsSecret = (session: CliSession) =>
  session.pending?.kind === 'enable-password' || session.pending?.kind === 'login-password';

interface Token {
  text: string;
  at: number;
}

interface Invocation {
  state: AsaState;
  session: CliSession;
  ctx: DeviceContext;
  args: Token[];
}

type Outcome = Partial<Pick<CliResult, 'output' | 'state' | 'session' | 'close'>>;

interface Command {
  words: string[];
  modes: readonly CliMode[];
  /** What may follow the keywords. */
  args: 'none' | 'some' | 'optional';
  /** Only on this platform (Smart Licensing commands exist on the ASAv only). */
  platform?: 'asa' | 'asav';
  run(inv: Invocation): Outcome;
}

const ALL: readonly CliMode[] = ['user', 'exec', 'config', 'webvpn'];
/** Privileged EXEC commands also run from configuration modes, as on the ASA. */
const PRIV: readonly CliMode[] = ['exec', 'config', 'webvpn'];
const CONFIG: readonly CliMode[] = ['config', 'webvpn'];

const INVALID = "ERROR: % Invalid input detected at '^' marker.";
const KEY_NOT_VALID = 'ERROR: The requested key was not saved because it is not valid for this system.';
const VALIDATING = 'Validating activation key. This may take a few minutes...';

function invalidAt(prompt: string, column: number): string {
  return `${' '.repeat(prompt.length + column)}^\n${INVALID}\n`;
}

const modified = (state: AsaState, inv: Invocation): AsaState => ({
  ...state,
  configModifiedMs: inv.ctx.nowMs,
  configModifiedBy: inv.session.user,
});

function parseLines(inv: Invocation, min: number, max: number): number | Token {
  const words = inv.args.filter((a) => a.text.toLowerCase() !== 'lines');
  const arg = words[0];
  if (!arg || words.length > 1) return arg ?? { text: '', at: -1 };
  const n = Number(arg.text);
  return Number.isInteger(n) && ((n >= min && n <= max) || n === 0) ? n : arg;
}

function writeMemory(state: AsaState): { output: string; state: AsaState } {
  return { output: writeMemoryOutput(state), state: { ...state, essentialsSaved: state.essentialsRunning } };
}

const HEX_WORD = /^(?:0x)?[0-9a-f]{1,8}$/i;

/**
 * The key words as typed: five hexadecimal words, the leading 0x optional (Cisco: "all values are
 * assumed to be hexadecimal"), then optionally `activate` or `deactivate`.
 */
function keyWords(inv: Invocation): { key: string } | { error: Outcome } {
  const words = inv.args;
  const bad = words.slice(0, 5).find((w) => !HEX_WORD.test(w.text));
  const prompt = promptOf(inv.state, inv.session);
  if (bad) return { error: { output: invalidAt(prompt, bad.at) } };
  if (words.length < 5) return { error: { output: 'ERROR: % Incomplete command\n' } };
  const extra = words[5];
  if (
    extra &&
    (words.length > 6 || !['activate', 'deactivate'].some((k) => k.startsWith(extra.text.toLowerCase())))
  ) {
    return { error: { output: invalidAt(prompt, (words[6] ?? extra).at) } };
  }
  const key = words
    .slice(0, 5)
    .map((w) => `0x${w.text.replace(/^0x/i, '').toLowerCase().padStart(8, '0')}`)
    .join(' ');
  return { key };
}

function installKey(inv: Invocation): Outcome {
  const { state, ctx } = inv;
  const model = modelOf(state);
  if (model.platform === 'asav') {
    return {
      output: 'ERROR: This platform uses Smart Licensing; activation keys are not supported.\n',
    };
  }
  const typed = keyWords(inv);
  if ('error' in typed) return typed.error;
  const key = (parseKeyWords(typed.key) as number[])
    .map((w) => `0x${w.toString(16).padStart(8, '0')}`)
    .join(' ');
  const features = decodeActivationKey(ctx.secret, state.serial, key);
  if (!features) return { output: `${VALIDATING}\n${KEY_NOT_VALID}\n` };
  if (features.evaluationUntil !== null) {
    const days = daysRemaining(features, ctx.nowMs);
    if (days === 0) {
      return { output: `${VALIDATING}\nERROR: The requested key was not saved because it has expired.\n` };
    }
    return {
      output: `${VALIDATING}\nThe requested key is a timebased key and is activated, it has ${days} days remaining.\n`,
      state: { ...state, timebasedKey: key },
    };
  }
  const dropped = droppedFeatures(state, ctx, features);
  if (dropped.length > 0) {
    return {
      output:
        `${VALIDATING}\nThe following features available in current activation key are NOT available in new activation key:\n` +
        `${dropped.join('\n')}\nWARNING: The running activation key was not updated with the requested key.\n` +
        'Proceed with update flash activation key? [confirm]',
      session: { ...inv.session, pending: { kind: 'key-confirm', key } },
    };
  }
  return {
    output: `${VALIDATING}\nBoth Running and Flash permanent activation key were updated with the requested key.\n${essentialsReminder(state, features.essentials)}`,
    state: { ...state, runningKey: key, pendingKey: null },
  };
}

/** The FAQ: a Plus/Apex/VPN Only key works only once `no anyconnect-essentials` is set under webvpn. */
function essentialsReminder(state: AsaState, keyHasEssentials: boolean): string {
  return state.essentialsRunning && !keyHasEssentials
    ? "WARNING: AnyConnect Essentials is enabled under webvpn but not licensed by this key: issue 'no anyconnect-essentials' under webvpn.\n"
    : '';
}

const isYes = (answer: string) => ['', 'y', 'yes'].includes(answer.trim().toLowerCase());

const SHUTDOWN = [
  '',
  '',
  '***',
  '*** --- START GRACEFUL SHUTDOWN ---',
  'Shutting down isakmp',
  'Shutting down webvpn',
  'Shutting down File system',
  '',
  '',
  '***',
  '*** --- SHUTDOWN NOW ---',
  '',
].join('\n');

/** A reload: the flash key becomes the running key, unsaved configuration is lost, uptime restarts. */
function reload(state: AsaState, ctx: DeviceContext, discardConfig: boolean): AsaState {
  return {
    ...state,
    runningKey: state.pendingKey ?? state.runningKey,
    pendingKey: null,
    essentialsRunning: discardConfig ? state.essentialsSaved : state.essentialsRunning,
    essentialsSaved: discardConfig ? state.essentialsSaved : state.essentialsRunning,
    bootedMs: ctx.nowMs,
  };
}

function answer(state: AsaState, session: CliSession, ctx: DeviceContext, line: string): Outcome {
  const pending = session.pending as Pending;
  const done = { ...session, pending: null };
  switch (pending.kind) {
    case 'enable-password':
      if (line === state.enablePassword) return { session: { ...done, mode: 'exec' } };
      if (pending.attempts + 1 >= 3) return { output: 'Access denied.\n', session: done };
      return {
        output: 'Invalid password\nPassword: ',
        session: { ...session, pending: { kind: 'enable-password', attempts: pending.attempts + 1 } },
      };
    case 'login-username':
      return line.trim() === ''
        ? { output: 'Username: ' }
        : {
            output: 'Password: ',
            session: { ...session, pending: { kind: 'login-password', username: line.trim() } },
          };
    case 'login-password':
      // The local user database: the device's SSH account, privilege 15.
      return pending.username === state.username && line === state.password
        ? { session: { ...done, mode: 'exec', user: pending.username } }
        : { output: 'Invalid password\n', session: done };
    case 'key-confirm': {
      if (!isYes(line))
        return { output: 'The flash permanent activation key was not updated.\n', session: done };
      const features = decodeActivationKey(ctx.secret, state.serial, pending.key);
      return {
        output:
          'The flash permanent activation key was updated with the requested key,\nand will become active after the next reload.\n' +
          essentialsReminder(state, features?.essentials ?? false),
        state: { ...state, pendingKey: pending.key },
        session: done,
      };
    }
    case 'reload-save': {
      const a = line.trim().toLowerCase();
      if (a === '' || a === 'y' || a === 'yes') {
        const saved = writeMemory(state);
        return {
          output: `${saved.output}Proceed with reload? [confirm]`,
          state: saved.state,
          session: { ...session, pending: { kind: 'reload-confirm', discardConfig: false } },
        };
      }
      if (a === 'n' || a === 'no') {
        return {
          output: 'Proceed with reload? [confirm]',
          session: { ...session, pending: { kind: 'reload-confirm', discardConfig: true } },
        };
      }
      return { output: 'System config has been modified. Save? [Y]es/[N]o: ' };
    }
    case 'reload-confirm':
      if (!isYes(line)) return { session: done };
      return {
        output: SHUTDOWN,
        state: reload(state, ctx, pending.discardConfig),
        session: done,
        close: true,
      };
  }
}

const COMMANDS: Command[] = [
  {
    words: ['enable'],
    modes: ALL,
    args: 'none',
    run: ({ session }) =>
      session.mode === 'user'
        ? { output: 'Password: ', session: { ...session, pending: { kind: 'enable-password', attempts: 0 } } }
        : {},
  },
  {
    words: ['disable'],
    modes: PRIV,
    args: 'none',
    run: ({ session }) => ({ session: { ...session, mode: 'user' } }),
  },
  ...['exit', 'quit', 'logout'].map((word): Command => ({
    words: [word],
    modes: ALL,
    args: 'none',
    run: ({ session }) => {
      if (word === 'exit' && session.mode === 'config') return { session: { ...session, mode: 'exec' } };
      if (word === 'exit' && session.mode === 'webvpn') return { session: { ...session, mode: 'config' } };
      return { output: '\nLogoff\n\n', close: true };
    },
  })),
  {
    words: ['end'],
    modes: CONFIG,
    args: 'none',
    run: ({ session }) => ({ session: { ...session, mode: 'exec' } }),
  },
  {
    words: ['configure', 'terminal'],
    modes: ['exec'],
    args: 'none',
    run: ({ session }) => ({ session: { ...session, mode: 'config' } }),
  },
  {
    words: ['webvpn'],
    modes: CONFIG,
    args: 'none',
    run: ({ session }) => ({ session: { ...session, mode: 'webvpn' } }),
  },
  {
    words: ['anyconnect-essentials'],
    modes: ['webvpn'],
    args: 'none',
    run: (inv) => {
      const licensed =
        permanentFeatures(inv.state, inv.ctx).essentials || timebasedFeatures(inv.state, inv.ctx)?.essentials;
      if (!licensed) return { output: 'ERROR: AnyConnect Essentials is not licensed on this platform.\n' };
      return inv.state.essentialsRunning
        ? {}
        : { state: modified({ ...inv.state, essentialsRunning: true }, inv) };
    },
  },
  {
    words: ['no', 'anyconnect-essentials'],
    modes: ['webvpn'],
    args: 'none',
    run: (inv) =>
      inv.state.essentialsRunning ? { state: modified({ ...inv.state, essentialsRunning: false }, inv) } : {},
  },
  {
    words: ['show', 'version'],
    modes: ALL,
    args: 'none',
    run: ({ state, ctx }) => ({ output: showVersion(state, ctx) }),
  },
  {
    words: ['show', 'inventory'],
    modes: ALL,
    args: 'none',
    run: ({ state }) => ({ output: showInventory(state) }),
  },
  {
    words: ['show', 'activation-key'],
    modes: ALL,
    args: 'none',
    run: ({ state, ctx }) => ({ output: showActivationKey(state, ctx) }),
  },
  {
    words: ['show', 'running-config'],
    modes: PRIV,
    args: 'optional',
    run: ({ state, args }) => {
      const keyword = args.map((a) => a.text).join(' ');
      return { output: keyword === '' ? configText(state, false) : configSection(state, keyword) };
    },
  },
  {
    words: ['show', 'startup-config'],
    modes: PRIV,
    args: 'none',
    run: ({ state }) => ({ output: configText(state, true) }),
  },
  {
    words: ['terminal', 'pager'],
    modes: ALL,
    args: 'some',
    run: (inv) => {
      const n = parseLines(inv, 1, 2147483647);
      return typeof n === 'number'
        ? { session: { ...inv.session, pager: n } }
        : {
            output:
              n.at < 0 ? 'ERROR: % Incomplete command\n' : invalidAt(promptOf(inv.state, inv.session), n.at),
          };
    },
  },
  {
    words: ['no', 'terminal', 'pager'],
    modes: ALL,
    args: 'none',
    run: ({ session }) => ({ session: { ...session, pager: 0 } }),
  },
  {
    // Accepted and ignored: lines are never wrapped here. Netmiko sets it on login.
    words: ['terminal', 'width'],
    modes: ALL,
    args: 'some',
    run: (inv) => {
      const n = parseLines(inv, 40, 511);
      return typeof n === 'number'
        ? {}
        : {
            output:
              n.at < 0 ? 'ERROR: % Incomplete command\n' : invalidAt(promptOf(inv.state, inv.session), n.at),
          };
    },
  },
  ...[['write', 'memory'], ['write'], ['copy', 'running-config', 'startup-config']].map((words): Command => ({
    words,
    modes: PRIV,
    args: 'none',
    run: ({ state }) => writeMemory(state),
  })),
  {
    words: ['reload'],
    modes: PRIV,
    args: 'none',
    run: ({ state, session }) =>
      state.essentialsRunning !== state.essentialsSaved
        ? {
            output: 'System config has been modified. Save? [Y]es/[N]o: ',
            session: { ...session, pending: { kind: 'reload-save' } },
          }
        : {
            output: 'Proceed with reload? [confirm]',
            session: { ...session, pending: { kind: 'reload-confirm', discardConfig: false } },
          },
  },
  { words: ['activation-key'], modes: PRIV, args: 'some', run: installKey },
  {
    // Netmiko without an enable secret reaches privilege 15 this way.
    words: ['login'],
    modes: ALL,
    args: 'none',
    run: ({ session }) => ({
      output: 'Username: ',
      session: { ...session, pending: { kind: 'login-username' } },
    }),
  },
  {
    words: ['show', 'clock'],
    modes: ALL,
    args: 'none',
    run: ({ ctx }) => ({ output: `${asaTime(ctx.nowMs)}\n` }),
  },
  ...(
    [
      ['all', showLicenseAll],
      ['summary', () => showLicenseSummary()],
      ['status', showLicenseStatus],
    ] as const
  ).map(([word, show]): Command => ({
    words: ['show', 'license', word],
    modes: PRIV,
    args: 'none',
    platform: 'asav',
    run: ({ state }) => ({ output: show(state) }),
  })),
  { words: ['ping'], modes: ALL, args: 'some', run: ping },
];

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** A lab without a network: every echo times out, in the real ASA's shape ('?' per lost echo). */
function ping(inv: Invocation): Outcome {
  const words = inv.args.map((a) => a.text);
  const target = words.find((w) => IPV4.test(w));
  if (!target) {
    const last = inv.args[inv.args.length - 1] as Token;
    return /^[a-z][\w.-]*$/i.test(last.text) && inv.args.length === 1
      ? { output: `ERROR: % Invalid Hostname\n` }
      : { output: invalidAt(promptOf(inv.state, inv.session), last.at) };
  }
  const repeat = Number(words[words.indexOf('repeat') + 1] ?? 5);
  const count =
    words.includes('repeat') && Number.isInteger(repeat) && repeat > 0 ? Math.min(repeat, 100) : 5;
  return {
    output:
      'Type escape sequence to abort.\n' +
      `Sending ${count}, 100-byte ICMP Echos to ${target}, timeout is 2 seconds:\n` +
      `${'?'.repeat(count)}\nSuccess rate is 0 percent (0/${count})\n`,
  };
}

function tokenize(line: string): Token[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], at: m.index ?? 0 }));
}

type Match =
  | { command: Command; args: Token[] }
  | { error: 'invalid'; at: number }
  | { error: 'ambiguous'; token: string }
  | { error: 'incomplete' };

function available(mode: CliMode, platform: 'asa' | 'asav'): Command[] {
  return COMMANDS.filter((c) => c.modes.includes(mode) && (c.platform ?? platform) === platform);
}

function match(tokens: Token[], mode: CliMode, platform: 'asa' | 'asav'): Match {
  let candidates = available(mode, platform);
  for (let i = 0; i < tokens.length; i++) {
    const t = (tokens[i] as Token).text.toLowerCase();
    const going = candidates.filter((c) => (c.words[i] ?? '').startsWith(t) && c.words.length > i);
    if (going.length > 0) {
      const exact = going.filter((c) => c.words[i] === t);
      const pool = exact.length > 0 ? exact : going;
      if (new Set(pool.map((c) => c.words[i])).size > 1)
        return { error: 'ambiguous', token: tokens[i]?.text ?? '' };
      candidates = pool;
      continue;
    }
    const ended = candidates.find((c) => c.words.length === i && c.args !== 'none');
    if (ended) return { command: ended, args: tokens.slice(i) };
    return { error: 'invalid', at: (tokens[i] as Token).at };
  }
  const complete = candidates.find((c) => c.words.length === tokens.length);
  if (!complete || complete.args === 'some') return { error: 'incomplete' };
  return { command: complete, args: [] };
}

/**
 * `?`: after a space, the words that may come next ('show ?'); inside a word, the words it begins
 * ('sh?'); typed on the ASA it needs no Enter (the terminal asks), on the control plane it ends a line.
 */
export function helpFor(state: AsaState, session: CliSession, text: string): string {
  const tokens = tokenize(text);
  const partial = tokens.length > 0 && !/\s$/.test(text) ? (tokens.pop() as Token) : null;
  let candidates = available(session.mode, modelOf(state).platform);
  for (const [i, t] of tokens.entries()) {
    const word = t.text.toLowerCase();
    const going = candidates.filter((c) => (c.words[i] ?? '').startsWith(word));
    const exact = going.filter((c) => c.words[i] === word);
    const pool = exact.length > 0 ? exact : going;
    if (new Set(pool.map((c) => c.words[i])).size !== 1) {
      const ended = candidates.some((c) => c.words.length === i && c.args !== 'none');
      return ended ? '\n  <cr>\n' : invalidAt(promptOf(state, session), t.at);
    }
    candidates = pool;
  }
  const i = tokens.length;
  const path = candidates[0]?.words.slice(0, i).join(' ') ?? '';
  if (partial) {
    const words = [
      ...new Set(
        candidates
          .map((c) => c.words[i])
          .filter((w): w is string => !!w?.startsWith(partial.text.toLowerCase())),
      ),
    ];
    return words.length > 0
      ? `${words.sort().join('  ')}\n`
      : invalidAt(promptOf(state, session), partial.at);
  }
  const next = candidates.map((c) => c.words[i]).filter((w): w is string => w !== undefined);
  const complete = candidates.find((c) => c.words.length === i);
  const canEnd = complete !== undefined && complete.args !== 'some';
  return helpList(next, path, canEnd, canEnd && path.startsWith('show'));
}

/** Runs one line typed at the device. */
export function runLine(state: AsaState, session: CliSession, line: string, ctx: DeviceContext): CliResult {
  const outcome: Outcome = session.pending
    ? answer(state, session, ctx, line)
    : execute(state, session, line, ctx);
  const next = outcome.state ?? state;
  return {
    output: outcome.output ?? '',
    state: next,
    session: outcome.session ?? session,
    close: outcome.close ?? false,
    changed: next !== state,
  };
}

function execute(state: AsaState, session: CliSession, line: string, ctx: DeviceContext): Outcome {
  if (line.trimEnd().endsWith('?')) return { output: helpFor(state, session, line.trimEnd().slice(0, -1)) };
  const bar = line.indexOf('|');
  const command = bar < 0 ? line : line.slice(0, bar);
  const tokens = tokenize(command);
  if (tokens.length === 0) return bar < 0 ? {} : { output: invalidAt(promptOf(state, session), bar) };
  const m = match(tokens, session.mode, modelOf(state).platform);
  if ('command' in m) {
    if (bar < 0) return m.command.run({ state, session, ctx, args: m.args });
    const f = parseFilter(line.slice(bar + 1), bar + 1);
    if ('error' in f) {
      return {
        output:
          f.error === 'incomplete'
            ? 'ERROR: % Incomplete command\n'
            : invalidAt(promptOf(state, session), f.at),
      };
    }
    const outcome = m.command.run({ state, session, ctx, args: m.args });
    return { ...outcome, output: applyFilter(outcome.output ?? '', f.filter) };
  }
  switch (m.error) {
    case 'invalid':
      return { output: invalidAt(promptOf(state, session), m.at) };
    case 'ambiguous':
      return { output: `ERROR: % Ambiguous command:  "${line.trim()}"\n` };
    case 'incomplete':
      return { output: 'ERROR: % Incomplete command\n' };
  }
}
