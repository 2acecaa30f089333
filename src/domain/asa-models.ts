/**
 * ASA models a sandbox can simulate, with what their 'show version', 'show inventory' and licensed
 * feature table report. Pure data: the figures follow Cisco's data sheets for each platform (the
 * "maximum hardware capacity" an AnyConnect Plus/Apex key unlocks is `anyconnectPeers`).
 */
export interface PlatformLimits {
  /** 'Maximum Physical Interfaces'. */
  physicalInterfaces: string;
  vlans: number;
  /** 'Failover' with the platform's base license. */
  failover: 'Disabled' | 'Active/Standby' | 'Active/Active';
  /** 'Security Contexts' included with the platform's license. */
  securityContexts: number;
  /** Maximum AnyConnect Premium peers: what a Plus/Apex key unlocks. */
  anyconnectPeers: number;
  /** 'Other VPN Peers' and 'Total VPN Peers'. */
  vpnPeers: number;
  tlsProxySessions: number;
  cluster: boolean;
}

export interface AsaModel {
  model: string;
  /** 5500-X (and 5585-X): 'show version' and 'show inventory' serials differ. */
  separateChassisSerial: boolean;
  platform: 'asa' | 'asav';
  /** Product ID: 'Model Id' in show version, PID in show inventory. */
  pid: string;
  /** The 'Hardware:' line after the model: RAM and CPU. */
  hardware: string;
  flashMb: number;
  biosFlash: string;
  /** Chassis description in show inventory. */
  description: string;
  /** 'This platform has an <name> <license> license.' */
  licenseName: string;
  license: 'Base' | 'Security Plus';
  interfaces: readonly string[];
  /** Newest ASA software release for the platform, the default 'show version' reports. */
  defaultSoftware: string;
  /** Image file naming: the lfbff (5506/5508/5516) or smp package, or the old single-file image. */
  imageKind: 'lfbff' | 'smp' | 'legacy';
  limits: PlatformLimits;
}

const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

const FIREPOWER_PORTS = [
  ...range('GigabitEthernet1/', 1, 8),
  'Internal-Data1/1',
  'Internal-Data1/2',
  'Internal-Control1/1',
  'Internal-Data1/3',
  'Management1/1',
  'Internal-Data1/4',
];
const MIDRANGE_PORTS = (data: number) => [
  ...range('GigabitEthernet0/', 0, data - 1),
  'Internal-Data0/0',
  'Internal-Data0/1',
  'Management0/0',
];
const SSP_PORTS = [
  'Management0/0',
  'Management0/1',
  ...range('GigabitEthernet0/', 0, 5),
  'TenGigabitEthernet0/6',
  'TenGigabitEthernet0/7',
  'Internal-Data0/0',
];
const BIOS_LFBFF = 'BIOS Flash M25P64 @ 0xfed01000, 16384KB';
const BIOS_MIDRANGE = 'BIOS Flash MX25L6445E @ 0xffbb0000, 8192KB';

type Row = Omit<AsaModel, 'platform' | 'separateChassisSerial'> & { separateChassisSerial?: boolean };

const limits = (
  anyconnectPeers: number,
  vlans: number,
  securityContexts: number,
  tlsProxySessions: number,
  extra: Partial<PlatformLimits> = {},
): PlatformLimits => ({
  physicalInterfaces: 'Unlimited',
  vlans,
  failover: 'Active/Active',
  securityContexts,
  anyconnectPeers,
  vpnPeers: anyconnectPeers,
  tlsProxySessions,
  cluster: true,
  ...extra,
});

const ssp = (n: 10 | 20 | 40 | 60, hardware: string, peers: number, license: AsaModel['license']): Row => ({
  model: `ASA 5585-X SSP-${n}`,
  pid: `ASA5585-SSP-${n}`,
  hardware: `ASA5585-SSP-${n}, ${hardware}`,
  flashMb: 4096,
  biosFlash: BIOS_MIDRANGE,
  description: `ASA 5585-X with SSP-${n}, 6GE, 4 SFP+, 2 GE Mgmt, 1 AC, DES`,
  licenseName: `ASA 5585-SSP${n}`,
  license,
  interfaces: SSP_PORTS,
  defaultSoftware: '9.12(4)',
  imageKind: 'smp',
  limits: limits(peers, 1024, 2, n === 10 ? 4000 : 8000),
});

const PHYSICAL: Row[] = [
  {
    model: 'ASA 5505',
    separateChassisSerial: false,
    pid: 'ASA5505',
    hardware: 'ASA5505, 512 MB RAM, CPU Geode 500 MHz',
    flashMb: 128,
    biosFlash: 'BIOS Flash M50FW016 @ 0xfff00000, 2048KB',
    description: 'ASA 5505 Adaptive Security Appliance',
    licenseName: 'ASA 5505',
    license: 'Security Plus',
    interfaces: ['Internal-Data0/0', ...range('Ethernet0/', 0, 7), 'Internal-Data0/1'],
    defaultSoftware: '9.2(4)',
    imageKind: 'legacy',
    limits: limits(25, 20, 0, 24, { physicalInterfaces: '8', failover: 'Active/Standby', cluster: false }),
  },
  {
    model: 'ASA 5506-X',
    pid: 'ASA5506',
    hardware: 'ASA5506, 4096 MB RAM, CPU Atom C2000 series 1250 MHz, 1 CPU (4 cores)',
    flashMb: 8000,
    biosFlash: BIOS_LFBFF,
    description: 'ASA 5506-X with FirePOWER services, 8GE, AC, DES',
    licenseName: 'ASA 5506',
    license: 'Security Plus',
    interfaces: FIREPOWER_PORTS,
    defaultSoftware: '9.16(4)',
    imageKind: 'lfbff',
    limits: limits(50, 30, 0, 160, { failover: 'Active/Standby', cluster: false }),
  },
  {
    model: 'ASA 5508-X',
    pid: 'ASA5508',
    hardware: 'ASA5508, 8192 MB RAM, CPU Atom C2000 series 2000 MHz, 1 CPU (8 cores)',
    flashMb: 8000,
    biosFlash: BIOS_LFBFF,
    description: 'ASA 5508-X with FirePOWER services, 8GE, AC, DES',
    licenseName: 'ASA 5508',
    license: 'Security Plus',
    interfaces: FIREPOWER_PORTS,
    defaultSoftware: '9.16(4)',
    imageKind: 'lfbff',
    limits: limits(100, 50, 2, 1000, { cluster: false }),
  },
  {
    model: 'ASA 5512-X',
    pid: 'ASA5512',
    hardware: 'ASA5512, 4096 MB RAM, CPU Clarkdale 2793 MHz, 1 CPU (2 cores)',
    flashMb: 4096,
    biosFlash: BIOS_MIDRANGE,
    description: 'ASA 5512-X with SW, 6 GE Data, 1 GE Mgmt, AC',
    licenseName: 'ASA 5512',
    license: 'Security Plus',
    interfaces: MIDRANGE_PORTS(6),
    defaultSoftware: '9.12(4)',
    imageKind: 'smp',
    limits: limits(250, 100, 2, 500),
  },
  {
    model: 'ASA 5515-X',
    pid: 'ASA5515',
    hardware: 'ASA5515, 8192 MB RAM, CPU Clarkdale 3059 MHz, 1 CPU (4 cores)',
    flashMb: 8192,
    biosFlash: BIOS_MIDRANGE,
    description: 'ASA 5515-X with SW, 6 GE Data, 1 GE Mgmt, AC',
    licenseName: 'ASA 5515',
    license: 'Security Plus',
    interfaces: MIDRANGE_PORTS(6),
    defaultSoftware: '9.12(4)',
    imageKind: 'smp',
    limits: limits(250, 100, 2, 1000),
  },
  {
    model: 'ASA 5516-X',
    pid: 'ASA5516',
    hardware: 'ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)',
    flashMb: 8000,
    biosFlash: BIOS_LFBFF,
    description: 'ASA 5516-X with FirePOWER services, 8GE, AC, DES',
    licenseName: 'ASA 5516',
    license: 'Security Plus',
    interfaces: FIREPOWER_PORTS,
    defaultSoftware: '9.16(4)',
    imageKind: 'lfbff',
    limits: limits(300, 150, 2, 1000),
  },
  {
    model: 'ASA 5525-X',
    pid: 'ASA5525',
    hardware: 'ASA5525, 8192 MB RAM, CPU Lynnfield 2393 MHz, 1 CPU (4 cores)',
    flashMb: 8192,
    biosFlash: BIOS_MIDRANGE,
    description: 'ASA 5525-X with SW, 8 GE Data, 1 GE Mgmt, AC',
    licenseName: 'ASA 5525',
    license: 'Base',
    interfaces: MIDRANGE_PORTS(8),
    defaultSoftware: '9.14(4)',
    imageKind: 'smp',
    limits: limits(750, 200, 2, 2000),
  },
  {
    model: 'ASA 5545-X',
    pid: 'ASA5545',
    hardware: 'ASA5545, 12288 MB RAM, CPU Lynnfield 2793 MHz, 1 CPU (4 cores)',
    flashMb: 8192,
    biosFlash: BIOS_MIDRANGE,
    description: 'ASA 5545-X with SW, 8 GE Data, 1 GE Mgmt, AC',
    licenseName: 'ASA 5545',
    license: 'Base',
    interfaces: MIDRANGE_PORTS(8),
    defaultSoftware: '9.14(4)',
    imageKind: 'smp',
    limits: limits(2500, 300, 2, 3000),
  },
  {
    model: 'ASA 5555-X',
    pid: 'ASA5555',
    hardware: 'ASA5555, 16384 MB RAM, CPU Lynnfield 2793 MHz, 1 CPU (8 cores)',
    flashMb: 8192,
    biosFlash: BIOS_MIDRANGE,
    description: 'ASA 5555-X with SW, 8 GE Data, 1 GE Mgmt, AC',
    licenseName: 'ASA 5555',
    license: 'Base',
    interfaces: MIDRANGE_PORTS(8),
    defaultSoftware: '9.14(4)',
    imageKind: 'smp',
    limits: limits(5000, 500, 2, 3000),
  },
  ssp(10, '6144 MB RAM, CPU Xeon 5500 series 2000 MHz, 1 CPU (4 cores)', 5000, 'Security Plus'),
  ssp(20, '12288 MB RAM, CPU Xeon 5500 series 2266 MHz, 1 CPU (8 cores)', 10000, 'Security Plus'),
  ssp(40, '24576 MB RAM, CPU Xeon 5600 series 2133 MHz, 2 CPUs (12 cores)', 10000, 'Base'),
  ssp(60, '49152 MB RAM, CPU Xeon 5600 series 2800 MHz, 2 CPUs (24 cores)', 10000, 'Base'),
];

const ASAV: AsaModel = {
  model: 'ASAv',
  separateChassisSerial: false,
  platform: 'asav',
  pid: 'ASAv10',
  hardware: 'ASAv, 2048 MB RAM, CPU Xeon E5 series 2100 MHz,',
  flashMb: 8192,
  biosFlash: 'BIOS Flash Firmware Hub @ 0x0, 0KB',
  description: 'ASAv Adaptive Security Virtual Appliance',
  licenseName: 'ASAv',
  license: 'Base',
  interfaces: ['Management0/0', ...range('GigabitEthernet0/', 0, 6)],
  defaultSoftware: '9.16(4)',
  imageKind: 'smp',
  limits: limits(250, 50, 0, 500, {
    physicalInterfaces: '10',
    failover: 'Active/Standby',
    cluster: false,
  }),
};

export const ASA_MODELS: readonly AsaModel[] = Object.freeze([
  ...PHYSICAL.map((m): AsaModel => ({
    ...m,
    separateChassisSerial: m.separateChassisSerial ?? true,
    platform: 'asa',
  })),
  ASAV,
]);

export function findAsaModel(model: string): AsaModel | undefined {
  return ASA_MODELS.find((m) => m.model.toLowerCase() === model.toLowerCase());
}

/** ASA software releases the simulator can report, with the ASDM release and build date each ships with. */
export interface SoftwareRelease {
  version: string;
  deviceManager: string;
  compiled: string;
}

export const SOFTWARE_RELEASES: readonly SoftwareRelease[] = Object.freeze([
  { version: '9.2(4)', deviceManager: '7.5(1)', compiled: 'Wed 15-Jul-15 10:03 PDT' },
  { version: '9.8(4)', deviceManager: '7.12(1)', compiled: 'Wed 10-Apr-19 11:12 PDT' },
  { version: '9.12(4)', deviceManager: '7.14(1)', compiled: 'Wed 29-Jul-20 11:52 PDT' },
  { version: '9.14(4)', deviceManager: '7.18(1)', compiled: 'Wed 30-Mar-22 14:03 PDT' },
  { version: '9.16(4)', deviceManager: '7.19(1)', compiled: 'Tue 25-Oct-22 10:53 PDT' },
]);

export function findSoftwareRelease(version: string): SoftwareRelease | undefined {
  return SOFTWARE_RELEASES.find((r) => r.version === version);
}

/** Whether a release runs on a model: nothing newer than the platform's last release. */
export function runsOn(model: AsaModel, release: SoftwareRelease): boolean {
  const key = (v: string) => v.match(/\d+/g)?.map(Number) ?? [];
  const [a, b] = [key(release.version), key(model.defaultSoftware)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return true;
}

/** 'disk0:/asa9-16-4-lfbff-k8.SPA', 'disk0:/asa9-12-4-smp-k8.bin', 'disk0:/asa924-k8.bin'. */
export function systemImage(model: AsaModel, version: string): string {
  const parts = version.match(/\d+/g) ?? [];
  const disk = model.platform === 'asav' ? 'boot:' : 'disk0:';
  switch (model.imageKind) {
    case 'legacy':
      return `${disk}/asa${parts.join('')}-k8.bin`;
    case 'lfbff':
      return `${disk}/asa${parts.join('-')}-lfbff-k8.SPA`;
    case 'smp':
      return `${disk}/asa${parts.join('-')}-smp-k8.bin`;
  }
}
