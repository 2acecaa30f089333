import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyActivationKey } from '../../src/domain/activation-key.js';
import {
  advance,
  buildTestApp,
  order,
  sandboxWithUsers,
  type ErrorBody,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';

type Mail = {
  id: string;
  subject: string;
  to: string[];
  text: string;
  attachments: Array<{ filename: string; contentType: string; size: number }>;
};
type Options = {
  activationCode: string;
  sourceSerial: string;
  targetSerial: string;
  skus: Array<Record<string, unknown> & { lineId: number }>;
};

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  f = await sandboxWithUsers(t);
  await order(t, f.sandbox, {
    lines: [
      { sku: 'L-AC-APX-LIC=', users: 102, termMonths: 12, pak: 'APX102AAAAA' },
      { sku: 'L-AC-PLS-LIC=', users: 26, termMonths: 13, pak: 'PLS26AAAAAA' },
      { sku: 'L-AC-VPNO-250=', pak: 'VPNO250AAAA' },
      { sku: 'L-AC-PLS-P-G', pak: 'PERPETUAL01' },
    ],
  });
  for (const paks of ['APX102AAAAA', 'PLS26AAAAAA']) {
    const r = await t.call('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: { paks, devices: ['JAD0000SRC1'], agreeToTerms: true },
    });
    expect(r.status).toBe(201);
  }
});

const mailbox = async (query = '') =>
  (await t.call<{ messages: Mail[] }>('GET', `/__admin/sandboxes/${f.sandbox}/mail${query}`)).body.messages;
const readMail = async (id: string) =>
  (await t.call<Mail>('GET', `/__admin/sandboxes/${f.sandbox}/mail/${id}`)).body;
const requestCode = (body: Record<string, unknown>, token = f.jdoe) =>
  t.call<{ message: string; transactionId: string } & ErrorBody>('POST', '/api/v1/activation-codes', {
    token,
    body: { product: 'ASA AnyConnect Term and Content', sendTo: 'john.doe@example.com', ...body },
  });
async function emailedCode(): Promise<string> {
  const [m] = await mailbox('?subject=Device%20Registration');
  const text = (await readMail(m?.id as string)).text;
  return /Activation Code : (\w+)/.exec(text)?.[1] as string;
}
const device = async (serial: string, token = f.jdoe) =>
  t.call<
    {
      activationKey: string;
      licenses: Array<{ sku: string; sharedFrom: string | null; quantity: number }>;
    } & ErrorBody
  >('GET', `/api/v1/devices/${serial}`, { token });
const secret = () => t.context.deps.dbs.get(f.sandbox)?.settings.get<string>('secret') as string;

describe('Can you please walk me through the license sharing process (L-AC-PLS-LIC= or L-AC-APX-LIC=)', () => {
  it('Get Activation Codes: the confirmation, and the Device Registration email with the code', async () => {
    const r = await requestCode({
      sourceSerial: 'JAD0000SRC1',
      targetSerial: 'JAD0000TGT1',
      sendTo: 'john.doe@example.com, ops@example.com',
    });
    expect(r.status).toBe(201);
    expect(r.body.message).toBe(
      'The request for an activation code has been successfully submitted. Email confirmation will be sent to these email addresses - john.doe@example.com, ops@example.com',
    );
    const [m] = await mailbox('?subject=Device%20Registration');
    expect(m?.subject).toBe('Device Registration');
    const text = (await readMail(m?.id as string)).text;
    expect(text).toContain('PLEASE DO NOT DISCARD THIS EMAIL.');
    expect(text).toMatch(/Activation Code : [A-Z0-9]{10}\n/);
    expect(text).toContain('Existing Device Serial # : JAD0000SRC1');
    expect(text).toContain('New Device Serial # : JAD0000TGT1');
    expect(text).toContain("1) Click on 'Use Licenses from spin and click 'Share License Process' option.");
    expect(text).toContain(
      "2) Select 'Use Activation code' option and Enter the above activation code in 'Specify Activation Code' tab and click on Next button to register the activation code.",
    );
  });

  it('Use Activation Codes: Source SKU Selection lists every license on the source, then the share completes later with a ZIP', async () => {
    await requestCode({ sourceSerial: 'JAD0000SRC1', targetSerial: 'JAD0000TGT1' });
    const code = await emailedCode();

    const options = await t.call<Options>('GET', `/api/v1/activation-codes/${code}`, { token: f.jdoe });
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({
      activationCode: code,
      sourceSerial: 'JAD0000SRC1',
      targetSerial: 'JAD0000TGT1',
    });
    expect(
      options.body.skus.map((s) => [
        s.productSku,
        s.quantity,
        s.licenseStartDate,
        s.licenseEndDate,
        s.shareable,
      ]),
    ).toEqual([
      ['L-AC-APX-LIC=', 102, '2026-03-03', '2027-03-03', true],
      ['L-AC-PLS-LIC=', 26, '2026-03-03', '2027-04-03', true],
    ]);

    const submit = await t.call<{ status: string; message: string; transactionId: string }>(
      'POST',
      '/api/v1/shares',
      {
        token: f.jdoe,
        body: { activationCode: code, agreeToTerms: true, sendTo: 'john.doe@example.com' },
      },
    );
    expect(submit.status).toBe(202);
    expect(submit.body).toMatchObject({
      status: 'processing',
      message: 'Transaction is continuing to be processed',
    });
    expect((await device('JAD0000TGT1')).status).toBe(404);
    expect(await mailbox('?subject=license%20keys')).toHaveLength(0);

    await advance(t, f.sandbox, '15m');
    const tx = await t.call<{ status: string; serials: string[] }>(
      'GET',
      `/api/v1/transactions/${submit.body.transactionId}`,
      { token: f.jdoe },
    );
    expect(tx.body).toMatchObject({ status: 'completed', serials: ['JAD0000TGT1'] });

    const target = await device('JAD0000TGT1');
    expect(target.body.licenses.map((l) => [l.sku, l.quantity, l.sharedFrom])).toEqual([
      ['L-AC-APX-LIC=', 102, 'JAD0000SRC1'],
      ['L-AC-PLS-LIC=', 26, 'JAD0000SRC1'],
    ]);
    expect(verifyActivationKey(secret(), 'JAD0000TGT1', target.body.activationKey)).toBe(true);
    expect(verifyActivationKey(secret(), 'JAD0000SRC1', target.body.activationKey)).toBe(false);

    const [summary] = await mailbox('?subject=license%20keys');
    expect(summary?.subject).toBe('Your Cisco Product license keys :');
    const zipName = `ASAACTNCFEAT_${submit.body.transactionId}.zip`;
    expect(summary?.attachments).toEqual([
      expect.objectContaining({ filename: zipName, contentType: 'application/zip' }),
    ]);
    const mail = await readMail(summary?.id as string);
    expect(mail.text).toContain('***** IMPORTANT - DO NOT DISCARD THIS E-MAIL *****');
    expect(mail.text).toContain(
      `ASAACTNCFEAT#${submit.body.transactionId}.lic- This attachment has the ASA AnyConnect Term and Content license key(s) and license installation help text.`,
    );

    const zip = t.context.deps.dbs
      .get(f.sandbox)
      ?.mail.attachmentContent(summary?.id as string, zipName) as Buffer;
    const files = unzipSync(new Uint8Array(zip));
    expect(Object.keys(files)).toEqual([`ASAACTNCFEAT#${submit.body.transactionId}.lic`]);
    const lic = strFromU8(files[`ASAACTNCFEAT#${submit.body.transactionId}.lic`] as Uint8Array);
    expect(lic).toContain('Serial Number    : JAD0000TGT1');
    expect(lic).toContain(`Activation Key   : ${target.body.activationKey}`);
    expect(lic).toContain(`activation-key ${target.body.activationKey}`);
    expect(lic).toContain('SKU: L-AC-APX-LIC=  Quantity: 102');
  });

  it('selecting only some Source SKU rows shares only those', async () => {
    await requestCode({ sourceSerial: 'JAD0000SRC1', targetSerial: 'JAD0000TGT1' });
    const code = await emailedCode();
    const options = await t.call<Options>('GET', `/api/v1/activation-codes/${code}`, { token: f.jdoe });
    const plus = options.body.skus.find((s) => s.productSku === 'L-AC-PLS-LIC=');
    await t.call('POST', '/api/v1/shares', {
      token: f.jdoe,
      body: { activationCode: code, lines: [plus?.lineId], agreeToTerms: true },
    });
    await advance(t, f.sandbox, '15m');
    expect((await device('JAD0000TGT1')).body.licenses.map((l) => l.sku)).toEqual(['L-AC-PLS-LIC=']);
  });

  it('an activation code is used once', async () => {
    await requestCode({ sourceSerial: 'JAD0000SRC1', targetSerial: 'JAD0000TGT1' });
    const code = await emailedCode();
    expect(
      (
        await t.call('POST', '/api/v1/shares', {
          token: f.jdoe,
          body: { activationCode: code, agreeToTerms: true },
        })
      ).status,
    ).toBe(202);
    const again = await t.call<ErrorBody>('POST', '/api/v1/shares', {
      token: f.jdoe,
      body: { activationCode: code, agreeToTerms: true },
    });
    expect(again.status).toBe(422);
    expect(again.body.error).toMatchObject({
      code: 'ACTIVATION_CODE_USED',
      message: `The activation code ${code} has already been used. Request another code.`,
    });
  });

  it('an expired activation code tells the user to request another code', async () => {
    await requestCode({ sourceSerial: 'JAD0000SRC1', targetSerial: 'JAD0000TGT1' });
    const code = await emailedCode();
    await advance(t, f.sandbox, '30d');
    const r = await t.call<ErrorBody>('GET', `/api/v1/activation-codes/${code}`, { token: f.jdoe });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('ACTIVATION_CODE_EXPIRED');
    expect(r.body.error.message).toBe(
      `The activation code ${code} has expired. If intending to use an activation code but find it has expired, request another code.`,
    );
  });
});

describe('Note: sharing must be done using the Cisco.com ID that registered the original Product Activation Key', () => {
  it('another user of the sandbox cannot request an activation code for those licenses', async () => {
    const r = await requestCode(
      { sourceSerial: 'JAD0000SRC1', targetSerial: 'JAD0000TGT1', sendTo: 'alice.smith@example.com' },
      f.asmith,
    );
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('SHARE_NOT_REGISTRANT');
    expect(r.body.error.message).toBe(
      'This process must be done using the Cisco.com ID that registered the original Product Activation Key. If this employee is no longer with your company, you will need to open up a ticket with Cisco Global Licensing for further assistance. Choose the Contact Us option on the License Registration Portal for further instructions on opening a licensing support case.',
    );
    expect(await mailbox('?subject=Device%20Registration')).toHaveLength(0);
  });

  it("another user cannot use the registrant's activation code", async () => {
    await requestCode({ sourceSerial: 'JAD0000SRC1', targetSerial: 'JAD0000TGT1' });
    const code = await emailedCode();
    const r = await t.call<ErrorBody>('GET', `/api/v1/activation-codes/${code}`, { token: f.asmith });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('ACTIVATION_CODE_INVALID');
  });
});

describe('Get Activation Codes: serial number rules are those of registration', () => {
  it.each([
    [
      { sourceSerial: 'JAD0000SRC1 ', targetSerial: 'JAD0000TGT1' },
      'SERIAL_BLANK',
      'Serial number cannot be blank',
      'sourceSerial',
    ],
    [
      { sourceSerial: 'JAD0000SRC1', targetSerial: '' },
      'SERIAL_BLANK',
      'Serial number cannot be blank',
      'targetSerial',
    ],
    [
      { sourceSerial: 'JAD0000SRC1', targetSerial: 'jad0000src1' },
      'SHARE_SAME_SERIAL',
      'targetSerial: the Target ASA Serial Number must differ from the Source ASA Serial Number',
      'targetSerial',
    ],
    [
      { sourceSerial: 'JAD000NOPE1', targetSerial: 'JAD0000TGT1' },
      'SOURCE_HAS_NO_LICENSES',
      'sourceSerial: ASA serial number JAD000NOPE1 has no licenses to share',
      'sourceSerial',
    ],
  ])('%o is refused with %s', async (body, code, message, field) => {
    const r = await requestCode(body);
    expect(r.body.error).toMatchObject({ code, message, details: { field } });
  });

  it('only ASA AnyConnect Term and Content is shareable here', async () => {
    const r = await requestCode({
      product: 'TelePresence',
      sourceSerial: 'JAD0000SRC1',
      targetSerial: 'JAD0000TGT1',
    });
    expect(r.body.error.code).toBe('PRODUCT_UNKNOWN');
  });
});

describe('Are there any additional limitations of the AnyConnect-only licenses? (VPN Only)', () => {
  const register = (paks: string, devices: string[]) =>
    t.call<ErrorBody>('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: { paks, devices, agreeToTerms: true },
    });

  it('VPN Only is applied per individual ASA: one registration to two ASAs is refused', async () => {
    const r = await register('VPNO250AAAA', ['JAD00000VP1', 'JAD00000VP2']);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('VPN_ONLY_SINGLE_DEVICE');
    expect(r.body.error.message).toBe(
      'The VPN-only are applied per individual ASA and there is no sharing of licenses between ASAs, unlike AnyConnect Plus and Apex, which provide this capability.',
    );
  });

  it('VPN Only is not additive: a second VPN Only PAK on the same ASA is refused', async () => {
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-VPNO-100=', pak: 'VPNO100AAAA' }] });
    expect((await register('VPNO250AAAA', ['JAD00000VP1'])).status).toBe(201);
    const r = await register('VPNO100AAAA', ['JAD00000VP1']);
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({
      code: 'VPN_ONLY_NOT_ADDITIVE',
      message:
        "VPN-only license are not additive meaning that you can't start with a set number of licenses (e.g. 500 at time x) and then increase capacity over time (e.g. add 100 more at time x + y).",
    });
    expect(
      (
        await t.call<{ paks: Array<{ lines: Array<{ quantityAssigned: number }> }> }>(
          'GET',
          '/api/v1/paks?ids=VPNO100AAAA',
          { token: f.jdoe },
        )
      ).body.paks[0]?.lines[0]?.quantityAssigned,
    ).toBe(0);
  });

  it('VPN Only licenses cannot be shared', async () => {
    await register('VPNO250AAAA', ['JAD00000VP1']);
    const r = await requestCode({ sourceSerial: 'JAD00000VP1', targetSerial: 'JAD00000VP2' });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toBe(
      'The VPN Only licenses cannot be transferred, rehosted, shared, combined, split, or directly upgraded to another VPN Only license size.',
    );
  });

  it('for active/standby pairs, only the primary headend needs a VPN Only license', async () => {
    for (const [serial, role] of [
      ['JAD00000PRI', 'primary'],
      ['JAD00000SEC', 'secondary'],
    ] as const) {
      await t.call('POST', `/__admin/sandboxes/${f.sandbox}/asa-devices`, {
        body: { model: 'ASA 5516-X', serial, failoverRole: role },
      });
    }
    const standby = await register('VPNO250AAAA', ['JAD00000SEC']);
    expect(standby.body.error).toMatchObject({
      code: 'VPN_ONLY_STANDBY',
      message: 'For active/standby pairs, only the primary headend is required to have a VPN Only license.',
    });
    expect((await register('VPNO250AAAA', ['JAD00000PRI'])).status).toBe(201);
  });
});

describe('Can I mix and match AnyConnect Plus, VPN or VPN Only licenses with older Essentials or Premium licenses?', () => {
  const register = (paks: string, devices: string[]) =>
    t.call<ErrorBody>('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: { paks, devices, agreeToTerms: true },
    });

  it('VPN Only does not co-exist with Plus or Apex on the same hardware, in either order', async () => {
    const onTermAsa = await register('VPNO250AAAA', ['JAD0000SRC1']);
    expect(onTermAsa.body.error).toMatchObject({
      code: 'VPN_ONLY_COEXISTENCE',
      message: 'VPN Only licenses do not co-exist on the same hardware with Plus or Apex licenses.',
    });
    await register('VPNO250AAAA', ['JAD00000VP1']);
    const termOnVpnAsa = await register('PERPETUAL01', ['JAD00000VP1']);
    expect(termOnVpnAsa.body.error.code).toBe('VPN_ONLY_COEXISTENCE');
  });

  it('Plus and Apex mix freely', async () => {
    const d = await device('JAD0000SRC1');
    expect(d.body.licenses.map((l) => l.sku)).toEqual(['L-AC-APX-LIC=', 'L-AC-PLS-LIC=']);
  });

  describe('with retired licenses bought in 2015', () => {
    let old: Fixture;
    beforeEach(async () => {
      old = await sandboxWithUsers(t, undefined, '2015-06-01T09:00:00.000Z');
      await order(t, old.sandbox, {
        lines: [
          { sku: 'L-ASA-AC-E-5510=', pak: 'ESSENTIALS1' },
          { sku: 'L-ASA-AC-SSL-250=', pak: 'PREMIUM0250' },
          { sku: 'L-ASA-AC-E-5520=', pak: 'ESSENTIALS2' },
        ],
      });
      const r = await t.call('POST', '/api/v1/registrations', {
        token: old.jdoe,
        body: { paks: 'ESSENTIALS1,PREMIUM0250', devices: ['JMX0000OLD1'], agreeToTerms: true },
      });
      expect(r.status).toBe(201);
      await t.call('POST', `/__admin/sandboxes/${old.sandbox}/clock`, {
        body: { action: 'set', to: '2016-05-01T09:00:00Z' },
      });
      await order(t, old.sandbox, {
        lines: [
          { sku: 'L-AC-PLS-LIC=', users: 50, pak: 'NEWPLUS0050' },
          { sku: 'L-AC-APX-LIC=', users: 5, pak: 'NEWAPEX0005' },
        ],
      });
    });

    it('installing a new Plus license replaces all older AnyConnect licenses, and records it', async () => {
      const r = await t.call('POST', '/api/v1/registrations', {
        token: old.jdoe,
        body: { paks: 'NEWPLUS0050', devices: ['JMX0000OLD1'], agreeToTerms: true },
      });
      expect(r.status).toBe(201);
      const d = await t.call<{
        licenses: Array<{ sku: string }>;
        removedLicenses: Array<{ sku: string; reason: string }>;
        events: Array<{ kind: string; detail: string }>;
      }>('GET', '/api/v1/devices/JMX0000OLD1', { token: old.jdoe });
      expect(d.body.licenses.map((l) => l.sku)).toEqual(['L-AC-PLS-LIC=']);
      expect(d.body.removedLicenses.map((l) => [l.sku, l.reason])).toEqual([
        ['L-ASA-AC-E-5510=', 'replaced by the new licensing model'],
        ['L-ASA-AC-SSL-250=', 'replaced by the new licensing model'],
      ]);
      expect(d.body.events[0]).toMatchObject({
        kind: 'legacy-replaced',
        detail:
          'Older AnyConnect licenses removed and replaced by the new licensing model: L-ASA-AC-E-5510= (PAK ESSENTIALS1), L-ASA-AC-SSL-250= (PAK PREMIUM0250)',
      });
    });

    it('discontinued Essentials or Premium licenses are refused on an ASA with Plus or Apex', async () => {
      await t.call('POST', '/api/v1/registrations', {
        token: old.jdoe,
        body: { paks: 'NEWAPEX0005', devices: ['JMX0000NEW1'], agreeToTerms: true },
      });
      const r = await t.call<ErrorBody>('POST', '/api/v1/registrations', {
        token: old.jdoe,
        body: { paks: 'ESSENTIALS2', devices: ['JMX0000NEW1'], agreeToTerms: true },
      });
      expect(r.status).toBe(422);
      expect(r.body.error).toMatchObject({
        code: 'LEGACY_COEXISTENCE',
        message:
          'Discontinued Essentials or Premium licenses do not co-exist on the same hardware as newer Plus, Apex or VPN Only licenses.',
      });
    });
  });
});

describe('ASA 5500-X models have multiple serial numbers: use the one show version reports', () => {
  it('registering to the chassis serial succeeds at the portal, but the key installs only after a share to the right serial', async () => {
    const asa = await t.call('POST', `/__admin/sandboxes/${f.sandbox}/asa-devices`, {
      body: { model: 'ASA 5516-X', serial: 'JAD222605K8', chassisSerial: 'FTX1930101U', hostname: 'edge-1' },
    });
    expect(asa.status).toBe(201);
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 40, pak: 'WRONGSERIAL' }] });
    const wrong = await t.call('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: { paks: 'WRONGSERIAL', devices: ['FTX1930101U'], agreeToTerms: true },
    });
    expect(wrong.status).toBe(201);
    const chassisKey = (await device('FTX1930101U')).body.activationKey;
    const check = await t.call<{ valid: boolean; reason: string }>(
      'POST',
      `/__admin/sandboxes/${f.sandbox}/asa-devices/JAD222605K8/verify-key`,
      {
        body: { activationKey: chassisKey },
      },
    );
    expect(check.body).toMatchObject({
      valid: false,
      reason:
        "The key was made for the chassis serial number FTX1930101U, not the serial number 'show version' reports (JAD222605K8). Use the Share License Process from FTX1930101U to JAD222605K8.",
    });

    await requestCode({ sourceSerial: 'FTX1930101U', targetSerial: 'JAD222605K8' });
    const code = await emailedCode();
    await t.call('POST', '/api/v1/shares', {
      token: f.jdoe,
      body: { activationCode: code, agreeToTerms: true },
    });
    await advance(t, f.sandbox, '15m');
    const rightKey = (await device('JAD222605K8')).body.activationKey;
    const ok = await t.call<{ valid: boolean }>(
      'POST',
      `/__admin/sandboxes/${f.sandbox}/asa-devices/JAD222605K8/verify-key`,
      {
        body: { activationKey: rightKey },
      },
    );
    expect(ok.body.valid).toBe(true);
  });
});
