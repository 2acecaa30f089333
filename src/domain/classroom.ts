/**
 * A class: N trainee sandboxes named `<class>-01` … `<class>-NN`, each from one scenario and with its
 * own simulated ASAs. The class is its sandboxes' ID prefix, so it needs no record of its own and
 * survives restarts with them. Progress through the FAQ flow is read from each sandbox's state.
 */
import { invalid } from './errors.js';
import { randomDigits, randomUpperAlnum, type Random } from './random.js';

export const MAX_CLASS_SIZE = 40;
export const MAX_ASAS_PER_TRAINEE = 4;
/** Sandbox IDs are at most 63 characters: the class name leaves room for "-NN". */
const CLASS_NAME = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/;

export interface ClassRequest {
  name: string;
  size: number;
  asasPerTrainee: number;
}

function whole(text: string, field: string, min: number, max: number): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw invalid('INVALID_NUMBER', `${field}: a whole number from ${min} to ${max}`, { field });
  }
  return n;
}

/** The class form's fields, checked; each message names its field. */
export function parseClassRequest(input: { name: string; size: string; asas: string }): ClassRequest {
  const name = input.name.trim().toLowerCase();
  if (!CLASS_NAME.test(name)) {
    throw invalid(
      'INVALID_CLASS_NAME',
      'name: 1 to 60 lower-case letters, digits and hyphens, starting and ending with a letter or digit',
      { field: 'name' },
    );
  }
  return {
    name,
    size: whole(input.size, 'size', 1, MAX_CLASS_SIZE),
    asasPerTrainee: whole(input.asas || '2', 'asas', 0, MAX_ASAS_PER_TRAINEE),
  };
}

export const traineeSandboxId = (className: string, index: number) =>
  `${className}-${String(index + 1).padStart(2, '0')}`;

const TRAINEE_ID = /^(.+)-(\d{2})$/;

/** The class a sandbox belongs to by its ID, or null. */
export function classOf(sandboxId: string): string | null {
  const m = TRAINEE_ID.exec(sandboxId);
  return m ? (m[1] as string) : null;
}

/** A Cisco-looking serial: three letters, year and week digits, four characters (JAD222605K8 has 11). */
export const newSerial = (random: Random, prefix = 'JAD') =>
  `${prefix}${randomDigits(random, 4)}${randomUpperAlnum(random, 4)}`;

export interface ProgressFacts {
  /** Serial numbers the trainee registered a PAK to. */
  registeredSerials: string[];
  /** Shares: from the source to the target serial, done when the license file was sent. */
  shares: Array<{ sourceSerial: string; targetSerial: string; completed: boolean }>;
  /** The sandbox's simulated ASAs, and whether each runs a key someone installed. */
  asas: Array<{ serial: string; keyInstalled: boolean }>;
}

export interface Progress {
  registered: boolean;
  installed: boolean;
  shared: boolean;
  secondLicensed: boolean;
}

/** How far a trainee got: register a PAK, install its key, share it, install the shared key. */
export function progressOf(facts: ProgressFacts): Progress {
  const installed = new Set(facts.asas.filter((a) => a.keyInstalled).map((a) => a.serial));
  const completed = facts.shares.filter((s) => s.completed);
  return {
    registered: facts.registeredSerials.length > 0,
    installed: facts.registeredSerials.some((s) => installed.has(s)),
    shared: completed.length > 0,
    secondLicensed: completed.some((s) => installed.has(s.targetSerial)),
  };
}
