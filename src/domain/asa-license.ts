/**
 * Smart Licensing on the ASAv: 'show license all', 'show license summary' and 'show license status'
 * for an ASAv that is not registered and has no feature tier configured, the state its
 * 'show version' reports ("No active entitlement"). The layout is the real ASAv's (ntc-templates
 * cisco_asa_show_license_all fixtures): the 9.8 Smart Agent (1.6) prints no Utility, Data Privacy,
 * Transport or Reservation sections; 9.12 and later (Smart Agent 4.x) do.
 */
import type { AsaState } from './asa-device.js';
import { compareVersions } from './asa-models.js';

/** What every Smart Licensing status of an unregistered ASAv starts with. */
const UNREGISTERED = [
  'Smart Licensing is ENABLED',
  '',
  'Registration:',
  '  Status: UNREGISTERED',
  '  Export-Controlled Functionality: NOT ALLOWED',
  '',
  'License Authorization:',
  '  Status: No Licenses in Use',
  '',
];

const agent = (version: string) => compareVersions(version, '9.12(1)') >= 0;

function status(version: string): string[] {
  return [
    '',
    'Smart Licensing Status',
    '======================',
    '',
    ...UNREGISTERED,
    ...(agent(version)
      ? [
          'Utility:',
          '  Status: DISABLED',
          '',
          'Data Privacy:',
          '  Sending Hostname: yes',
          '    Callhome hostname privacy: DISABLED',
          '    Smart Licensing hostname privacy: DISABLED',
          '  Version privacy: DISABLED',
          '',
          'Transport:',
          '  Type: Callhome',
          '',
        ]
      : []),
  ];
}

/** 'show license status': the status part of 'show license all'. */
export function showLicenseStatus(state: AsaState): string {
  return `${status(state.softwareVersion).join('\n')}\n`;
}

export function showLicenseAll(state: AsaState): string {
  const v = state.softwareVersion;
  return `${[
    ...status(v),
    'License Usage',
    '==============',
    '',
    'No licenses in use',
    '',
    'Product Information',
    '===================',
    `UDI: PID:ASAv,SN:${state.serial}`,
    '',
    'Agent Version',
    '=============',
    `Smart Agent for Licensing: ${agent(v) ? '4.9.3_rel/34' : '1.6.14_rel/129'}`,
    ...(agent(v) ? ['', 'Reservation Info', '================', 'License reservation: DISABLED'] : []),
  ].join('\n')}\n`;
}

export function showLicenseSummary(): string {
  return ['', ...UNREGISTERED, 'License Usage:', '  No licenses in use', ''].join('\n');
}
