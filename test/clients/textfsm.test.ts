import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASA_MODELS } from '../../src/domain/asa-models.js';
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

describe('show version parses with the ntc-templates TextFSM template, every field filled', () => {
  it('for every model in the catalog: fresh, with a demo (time-based) key, in a failover pair', async () => {
    const { sandbox, jdoe } = await sandboxWithUsers(t, 'textfsm');
    const cli = async (serial: string, command: string) =>
      (
        await t.call<{ output: string }>('POST', `/__admin/sandboxes/${sandbox}/devices/${serial}/cli`, {
          body: { command },
        })
      ).body.output;
    const cases: Array<{ label: string; serial: string; hostname: string; text: string }> = [];
    for (const [i, m] of ASA_MODELS.entries()) {
      const serial = `JAD2226${String(i).padStart(2, '0')}K8`;
      const hostname = `asa-${i}`;
      await t.call('POST', `/__admin/sandboxes/${sandbox}/asa-devices`, {
        body: {
          model: m.model,
          serial,
          hostname,
          ...(m.separateChassisSerial ? { chassisSerial: `FTX19301${String(i).padStart(2, '0')}U` } : {}),
          ...(i % 3 === 0 ? { failoverRole: 'primary' } : {}),
        },
      });
      cases.push({ label: `${m.model} before`, serial, hostname, text: await cli(serial, 'show version') });
      if (m.platform === 'asav') continue;
      const demo = await t.call('POST', '/api/v1/demo-licenses', {
        token: jdoe,
        body: { serial, agreeToTerms: true },
      });
      expect(demo.status).toBe(201);
      const device = await t.call<{ evaluation: { activationKey: string } }>(
        'GET',
        `/api/v1/devices/${serial}`,
        {
          token: jdoe,
        },
      );
      await cli(serial, `activation-key ${device.body.evaluation.activationKey}`);
      cases.push({
        label: `${m.model} with a demo key`,
        serial,
        hostname,
        text: await cli(serial, 'show version'),
      });
    }
    const results = await parse(cases.map((c) => ({ template: SHOW_VERSION, text: c.text })));
    for (const [i, c] of cases.entries()) {
      const r = results[i] as Parsed;
      expect(r.error, c.label).toBeUndefined();
      expect(r.rows, c.label).toHaveLength(1);
      const row = r.rows?.[0] as Record<string, string | string[]>;
      const empty = Object.entries(row)
        .filter(([, v]) => v.length === 0)
        .map(([k]) => k);
      expect(empty, c.label).toEqual([]);
      expect(row.SERIAL, c.label).toEqual([c.serial]);
      expect(row.HOSTNAME, c.label).toBe(c.hostname);
    }
  });

  it('after installing a registered Plus key', async () => {
    const { sandbox, jdoe } = await sandboxWithUsers(t, 'textfsm-plus');
    const [pak] = (
      await t.call<{ paks: Array<{ pak: string }> }>('POST', `/__admin/sandboxes/${sandbox}/orders`, {
        body: { ccoId: 'jdoe', activationDelay: '0', lines: [{ sku: 'L-AC-PLS-P-G' }] },
      })
    ).body.paks;
    const texts: string[] = [];
    for (const [i, m] of ASA_MODELS.filter((x) => x.platform === 'asa').entries()) {
      const serial = `JAD3336${String(i).padStart(2, '0')}K8`;
      await t.call('POST', `/__admin/sandboxes/${sandbox}/asa-devices`, { body: { model: m.model, serial } });
      await t.call('POST', '/api/v1/registrations', {
        token: jdoe,
        body: {
          paks: pak?.pak,
          devices: [serial],
          lines: [{ sku: 'L-AC-PLS-P-G', quantity: 1 }],
          agreeToTerms: true,
        },
      });
      const key = (
        await t.call<{ activationKey: string }>('GET', `/api/v1/devices/${serial}`, { token: jdoe })
      ).body.activationKey;
      const out = await t.call<{ output: string }>(
        'POST',
        `/__admin/sandboxes/${sandbox}/devices/${serial}/cli`,
        {
          body: { command: `activation-key ${key}\nshow version` },
        },
      );
      texts.push(out.body.output.slice(out.body.output.indexOf('\nCisco Adaptive')));
      expect(out.body.output).toContain(`Running Permanent Activation Key: ${key}\n`);
    }
    const results = await parse(texts.map((text) => ({ template: SHOW_VERSION, text })));
    for (const r of results) {
      expect(r.error).toBeUndefined();
      expect(Object.values(r.rows?.[0] ?? {}).filter((v) => v.length === 0)).toEqual([]);
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
        PID: m.pid,
        SN: m.separateChassisSerial ? `FTX4446${i}0U` : `JAD4446${String(i).padStart(2, '0')}K8`,
      });
    }
  });
});
