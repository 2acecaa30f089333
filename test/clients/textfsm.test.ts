import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASA_MODELS } from '../../src/domain/asa-models.js';
import { fixture, MODELS, referenceOf, simulatedShowVersion } from '../domain/asa-fidelity.js';
import { buildTestApp, sandboxWithUsers, type TestApp } from '../helpers/build.js';
import { client, NTC_TEMPLATES, PYTHON, script } from './support.js';

const SHOW_VERSION = resolve(NTC_TEMPLATES, 'templates/cisco_asa_show_version.textfsm');
const SHOW_INVENTORY = resolve(NTC_TEMPLATES, 'templates/cisco_asa_show_inventory.textfsm');

type Parsed = { rows?: Array<Record<string, string | string[]>>; error?: string };

async function parse(items: Array<{ template: string; text: string }>): Promise<Parsed[]> {
  return JSON.parse(await client(PYTHON, [script('parse_textfsm.py')], { input: JSON.stringify(items) }));
}

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** What a parser made of an output: its error, or the fields it filled. */
const outcome = (r: Parsed) =>
  r.error !== undefined
    ? 'Error'
    : (r.rows ?? []).map((row) =>
        Object.entries(row)
          .filter(([, v]) => v.length > 0)
          .map(([k]) => k)
          .sort()
          .join(','),
      );

describe('ntc-templates cisco_asa_show_version gives the same outcome on our output as on the real capture', () => {
  it('every model in its reference state: the same fields filled, or the same failure', async () => {
    const cases = MODELS.map((m) => ({ model: m.model, ref: referenceOf(m), ours: simulatedShowVersion(m) }));
    const ours = await parse(cases.map((c) => ({ template: SHOW_VERSION, text: c.ours })));
    const real = await parse(cases.map((c) => ({ template: SHOW_VERSION, text: fixture(c.ref.file) })));
    for (const [i, c] of cases.entries()) {
      expect(outcome(ours[i] as Parsed), `${c.model} vs ${c.ref.file}`).toEqual(outcome(real[i] as Parsed));
    }
  });

  it('a time-based key: the template fails, on Running Timebased Activation Key, as on the real 5520', async () => {
    const timebased = { ...referenceOf(MODELS[1]!), timebased: true, failover: false };
    const physical = MODELS.filter((m) => m.platform === 'asa');
    const texts = physical.map((m) => simulatedShowVersion(m, timebased));
    const results = await parse(
      [...texts, fixture('golden_output2.txt')].map((text) => ({ template: SHOW_VERSION, text })),
    );
    for (const [i, r] of results.entries()) {
      const model = physical[i];
      expect(r.error, model?.model ?? 'golden_output2.txt').toBeDefined();
      // The 5505 fails earlier, on its own feature rows (VLANs, Dual ISPs), time-based key or not.
      if (model && model.family !== 'asa5505')
        expect(r.error).toMatch(/Input Line: Running Timebased Activation Key/);
    }
  });
});

describe('show inventory parses with its template: the chassis serial of a 5500-X', () => {
  it('every model', async () => {
    const { sandbox } = await sandboxWithUsers(t, 'textfsm-inventory');
    const texts: string[] = [];
    for (const [i, m] of ASA_MODELS.entries()) {
      const serial = `JAD4446${String(i).padStart(2, '0')}K8`;
      await t.call('POST', `/__admin/sandboxes/${sandbox}/asa-devices`, {
        body: {
          model: m.model,
          serial,
          ...(m.separateChassisSerial ? { chassisSerial: `FTX4446${i}0U` } : {}),
        },
      });
      texts.push(
        (
          await t.call<{ output: string }>('POST', `/__admin/sandboxes/${sandbox}/devices/${serial}/cli`, {
            body: { command: 'show inventory' },
          })
        ).body.output,
      );
    }
    const results = await parse(texts.map((text) => ({ template: SHOW_INVENTORY, text })));
    for (const [i, m] of ASA_MODELS.entries()) {
      const chassis = results[i]?.rows?.[0];
      expect(chassis, m.model).toMatchObject({
        NAME: 'Chassis',
        PID: m.platform === 'asav' ? 'ASAv' : m.family === 'ssp' ? 'ASA5585' : m.pid,
        SN: m.separateChassisSerial ? `FTX4446${i}0U` : `JAD4446${String(i).padStart(2, '0')}K8`,
      });
    }
  });
});
