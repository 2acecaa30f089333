/**
 * The configuration a simulated ASA runs and saves: a factory-default configuration of its family
 * (interfaces, timeouts, inspection policy, call-home as 'show running-config' prints them), the
 * hostname and the webvpn Essentials switch from the device state, and the Cryptochecksum of the
 * text, so `show running-config | include checksum:` differs from the startup-config exactly when
 * there are unsaved changes (what Ansible's asa_config save_when: modified compares).
 */
import { createHash } from 'node:crypto';
import type { AsaState } from './asa-device.js';
import { findAsaModel, type AsaModel } from './asa-models.js';

const block = (head: string, body: string[]) => [head, ...body.map((l) => ` ${l}`), '!'];

const nameif = (name: string, level: number, address: string, extra: string[] = []) => [
  ...extra,
  `nameif ${name}`,
  `security-level ${level}`,
  `ip address ${address} `,
];
const unused = ['shutdown', 'no nameif', 'no security-level', 'no ip address'];

function interfaces(model: AsaModel): string[] {
  switch (model.family) {
    case 'asa5505':
      return [
        ...block('interface Ethernet0/0', ['switchport access vlan 2']),
        ...Array.from({ length: 7 }, (_, i) => [`interface Ethernet0/${i + 1}`, '!']).flat(),
        ...block('interface Vlan1', nameif('inside', 100, '192.168.1.1 255.255.255.0')),
        ...block('interface Vlan2', nameif('outside', 0, 'dhcp setroute')),
      ];
    case 'asav':
      return [
        ...block('interface GigabitEthernet0/0', nameif('outside', 0, 'dhcp setroute')),
        ...block('interface GigabitEthernet0/1', nameif('inside', 100, '192.168.1.1 255.255.255.0')),
        ...Array.from({ length: model.dataPorts - 2 }, (_, i) =>
          block(`interface GigabitEthernet0/${i + 2}`, unused),
        ).flat(),
        ...block(
          'interface Management0/0',
          nameif('management', 100, '192.168.45.1 255.255.255.0', ['management-only']),
        ),
      ];
    default: {
      const slot = model.family === 'lfbff' ? '1' : '0';
      const first = model.family === 'lfbff' ? 1 : 0;
      const gig = (i: number) => `interface GigabitEthernet${slot}/${first + i}`;
      return [
        ...block(gig(0), nameif('outside', 0, 'dhcp setroute')),
        ...block(gig(1), nameif('inside', 100, '192.168.1.1 255.255.255.0')),
        ...Array.from({ length: model.dataPorts - 2 }, (_, i) => block(gig(i + 2), unused)).flat(),
        ...block(
          `interface Management${slot}/${first === 1 ? 1 : 0}`,
          nameif('management', 100, '192.168.45.1 255.255.255.0', ['management-only']),
        ),
      ];
    }
  }
}

const INSPECTIONS = [
  'ftp',
  'h323 h225',
  'h323 ras',
  'rsh',
  'rtsp',
  'esmtp',
  'sqlnet',
  'skinny',
  'sunrpc',
  'xdmcp',
  'sip',
  'netbios',
  'tftp',
  'ip-options',
];

/** The configuration text without its checksum trailer. */
function body(state: AsaState, saved: boolean): string[] {
  const model = findAsaModel(state.model) as AsaModel;
  const essentials = saved ? state.essentialsSaved : state.essentialsRunning;
  const mtus = model.family === 'asa5505' ? ['inside', 'outside'] : ['outside', 'inside', 'management'];
  return [
    ': Saved',
    '',
    ': ',
    `: Serial Number: ${state.serial}`,
    `: Hardware:   ${model.hardware.replace(/,$/, '')}`,
    ':',
    `ASA Version ${state.softwareVersion} `,
    '!',
    `hostname ${state.hostname}`,
    'enable password ***** pbkdf2',
    'names',
    'no mac-address auto',
    '',
    '!',
    ...interfaces(model),
    'ftp mode passive',
    'pager lines 24',
    'logging asdm informational',
    ...mtus.map((m) => `mtu ${m} 1500`),
    'no failover',
    'icmp unreachable rate-limit 1 burst-size 1',
    'no asdm history enable',
    'arp timeout 14400',
    'no arp permit-nonconnected',
    'arp rate-limit 16384',
    'timeout xlate 3:00:00',
    'timeout pat-xlate 0:00:30',
    'timeout conn 1:00:00 half-closed 0:10:00 udp 0:02:00 sctp 0:02:00 icmp 0:00:02',
    'timeout sunrpc 0:10:00 h323 0:05:00 h225 1:00:00 mgcp 0:05:00 mgcp-pat 0:05:00',
    'timeout sip 0:30:00 sip_media 0:02:00 sip-invite 0:03:00 sip-disconnect 0:02:00',
    'timeout sip-provisional-media 0:02:00 uauth 0:05:00 absolute',
    'timeout tcp-proxy-reassembly 0:01:00',
    'timeout floating-conn 0:00:00',
    'timeout conn-holddown 0:00:15',
    'timeout igp stale-route 0:01:10',
    'user-identity default-domain LOCAL',
    'aaa authentication ssh console LOCAL ',
    'aaa authentication login-history',
    'http server enable',
    'http 192.168.45.0 255.255.255.0 management',
    'no snmp-server location',
    'no snmp-server contact',
    'crypto ipsec security-association pmtu-aging infinite',
    'crypto ca trustpool policy',
    'telnet timeout 5',
    'ssh stricthostkeycheck',
    'ssh 0.0.0.0 0.0.0.0 management',
    'ssh timeout 5',
    'ssh key-exchange group dh-group14-sha256',
    'console timeout 0',
    'threat-detection basic-threat',
    'threat-detection statistics access-list',
    'no threat-detection statistics tcp-intercept',
    ...block('webvpn', essentials ? ['anyconnect-essentials'] : ['no anyconnect-essentials']),
    'dynamic-access-policy-record DfltAccessPolicy',
    `username ${state.username} password ***** pbkdf2 privilege 15`,
    '!',
    'class-map inspection_default',
    ' match default-inspection-traffic',
    '!',
    '!',
    'policy-map type inspect dns preset_dns_map',
    ' parameters',
    '  message-length maximum client auto',
    '  message-length maximum 512',
    '  no tcp-inspection',
    'policy-map global_policy',
    ' class inspection_default',
    '  inspect dns preset_dns_map ',
    ...INSPECTIONS.map((i) => `  inspect ${i} `),
    'policy-map type inspect dns migrated_dns_map_1',
    ' parameters',
    '  message-length maximum client auto',
    '  message-length maximum 512',
    '  no tcp-inspection',
    '!',
    'service-policy global_policy global',
    'prompt hostname context ',
    'no call-home reporting anonymous',
    'call-home',
    ' profile CiscoTAC-1',
    '  no active',
    '  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService',
    '  destination address email callhome@cisco.com',
    '  destination transport-method http',
    '  subscribe-to-alert-group diagnostic',
    '  subscribe-to-alert-group environment',
    '  subscribe-to-alert-group inventory periodic monthly',
    '  subscribe-to-alert-group configuration periodic monthly',
    '  subscribe-to-alert-group telemetry periodic daily',
    ' profile License',
    '  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService',
    '  destination transport-method http',
  ];
}

/** 'Cryptochecksum:' of a configuration: the MD5 of its text, as the ASA prints it. */
function checksum(lines: string[]): string {
  return createHash('md5').update(lines.join('\n')).digest('hex');
}

/** 'show running-config' (saved: false) or 'show startup-config' (saved: true). */
export function configText(state: AsaState, saved: boolean): string {
  const lines = body(state, saved);
  return [...lines, `Cryptochecksum:${checksum(lines)}`, ': end', ''].join('\n');
}

/**
 * `show running-config <keyword>`: the top-level commands starting with the keyword, each with the
 * lines indented under it ('show running-config webvpn', 'show run interface').
 */
export function configSection(state: AsaState, keyword: string): string {
  const out: string[] = [];
  let inside = false;
  for (const line of body(state, false)) {
    if (!line.startsWith(' ')) inside = line.split(' ')[0] === keyword || line.startsWith(`${keyword} `);
    if (inside && line !== '!') out.push(line);
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

/** 'write memory': what the ASA prints, sized and checksummed from the configuration it saves. */
export function writeMemoryOutput(state: AsaState): string {
  const text = configText(state, false);
  const sum = checksum(body(state, false));
  return `Building configuration...\nCryptochecksum: ${sum.match(/.{8}/g)?.join(' ')} \n\n${Buffer.byteLength(text)} bytes copied in 0.140 secs\n[OK]\n`;
}
