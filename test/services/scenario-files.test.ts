import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/domain/scenario.js';
import { readScenarioFiles } from '../../src/services/scenario-files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lps-scenarios-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

async function problems(): Promise<string> {
  try {
    await readScenarioFiles(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).message;
  }
  throw new Error('expected a ScenarioError');
}

describe('Scenario files: every *.yaml, *.yml and *.json in SCENARIOS_DIR, one sandbox each', () => {
  it('the sandbox ID is the id field, or else the file name without extension; other files are ignored', async () => {
    write('lab.yaml', 'users:\n  - ccoId: jdoe\n    email: jdoe@example.com\n    name: John\n');
    write('b.json', '{ "id": "shop", "clock": { "frozen": true } }');
    write('README.md', '# not a scenario');
    const files = await readScenarioFiles(dir);
    expect(files.map((f) => [f.id, f.file])).toEqual([
      ['shop', join(dir, 'b.json')],
      ['lab', join(dir, 'lab.yaml')],
    ]);
    expect(files[1]?.document.users?.[0]?.ccoId).toBe('jdoe');
  });

  it('a YAML syntax error names the file and the line', async () => {
    write('lab.yaml', 'name: Lab\nname: Again\n');
    expect(await problems()).toBe(`${join(dir, 'lab.yaml')}:2: YAML syntax: Map keys must be unique`);
  });

  it('a JSON syntax error names the file and the line', async () => {
    write('lab.json', '{\n  "name": "Lab",,\n}');
    expect(await problems()).toMatch(new RegExp(`^${join(dir, 'lab.json')}:2: JSON syntax: `));
  });

  it('schema problems name file, line, path and problem; all of them, in every file', async () => {
    write(
      'lab.yaml',
      [
        'orders:',
        '  - ccoId: jdoe',
        '    lines:',
        '      - sku: L-AC-PLS-P-G',
        '        skew: 1',
        'users:',
        '  - ccoId: jdoe',
        '    name: John',
      ].join('\n'),
    );
    write('shop.yaml', 'clock:\n  frozen: "yes"\n');
    expect((await problems()).split('\n')).toEqual([
      `${join(dir, 'lab.yaml')}:5: orders[0].lines[0].skew: is not a known field`,
      `${join(dir, 'lab.yaml')}:7: users[0].email: is required`,
      `${join(dir, 'shop.yaml')}:2: clock.frozen: must be boolean`,
    ]);
  });

  it('a file that is not a map, a name that is not a sandbox ID, or an ID used twice', async () => {
    write('list.yaml', '- a\n- b\n');
    write('Bad Name.yaml', 'name: x\n');
    write('one.yaml', 'id: same\n');
    write('two.yaml', 'id: same\n');
    expect((await problems()).split('\n')).toEqual([
      `${join(dir, 'Bad Name.yaml')}: the file name Bad Name is not a sandbox ID (lower-case letters, digits and dashes); rename the file or add an id field`,
      `${join(dir, 'list.yaml')}:1: a scenario is a map of keys (id, clock, users, orders, …)`,
      `${join(dir, 'two.yaml')}:1: id: sandbox ID same is already taken by ${join(dir, 'one.yaml')}`,
    ]);
  });

  it('a folder that cannot be read', async () => {
    const missing = join(dir, 'missing');
    await expect(readScenarioFiles(missing)).rejects.toThrow(
      `${missing}: SCENARIOS_DIR cannot be read: ENOENT`,
    );
  });
});
