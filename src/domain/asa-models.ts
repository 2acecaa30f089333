/**
 * ASA models a sandbox can simulate, with what their 'show version', 'show inventory' and licensed
 * feature table report. Pure data. Each family's layout is copied from a real capture (see
 * docs/simulated-asas.md for which one); the figures follow Cisco's data sheets (the "maximum
 * hardware capacity" an AnyConnect Plus/Apex key unlocks is `anyconnectPeers`).
 */
export interface PlatformLimits {
  /** 'Maximum Physical Interfaces'. */
  physicalInterfaces: string;
  vlans: number;
  /** 'Failover' with the platform's base license. */
  failover: 'Disabled' | 'Active/Standby' | 'Active/Active';
  /** 'Security Contexts' included with the platform's license (0: the row is not printed, as on small lfbff units). */
  securityContexts: number;
  /** Maximum AnyConnect Premium peers: what a Plus/Apex key unlocks. */
  anyconnectPeers: number;
  /** 'Other VPN Peers'; 'Total VPN Peers' is premium + other, capped here. */
  vpnPeers: number;
  tlsProxySessions: number;
  cluster: boolean;
}

/**
 * Layout families: each prints 'show version' as its real reference does.
 * - asa5505: the ASA 5505 (its own feature table: VLANs/DMZ, Dual ISPs, trunk ports).
 * - lfbff: 5506-X/5508-X/5516-X (ntc-templates cisco_asa_show_version3, a real 5516-X).
 * - midrange: 5512-X..5555-X (genieparser asa golden_output4, a real 5555-X).
 * - ssp: 5585-X, no public capture: derived from the midrange layout.
 * - asav: ntc-templates cisco_asa_show_version1 and genieparser golden_output1 (real ASAv10s).
 */
export type AsaFamily = 'asa5505' | 'lfbff' | 'midrange' | 'ssp' | 'asav';

export interface CryptoAccelerator {
  device: string;
  /** Boot, SSL/IKE and IPSec microcode; null where the platform prints none (5500-X lfbff units). */
  microcode: readonly [string, string, string] | null;
  accelerators: number;
}

export interface AsaModel {
  model: string;
  family: AsaFamily;
  /** 5500-X (and 5585-X): 'show version' and 'show inventory' serials differ. */
  separateChassisSerial: boolean;
  platform: 'asa' | 'asav';
  /** Product ID in show inventory (and 'Model Id' on the ASAv). */
  pid: string;
  /** The 'Hardware:' line after the model: RAM and CPU. */
  hardware: string;
  /** The midrange 5500-X second hardware line: the memory and cores the ASA itself uses. */
  asaShare: string | null;
  flashMb: number;
  biosFlash: string;
  crypto: CryptoAccelerator | null;
  /** Chassis description in show inventory. */
  description: string;
  /** 'This platform has <this> license.' */
  licenseLine: string;
  /** First three bytes of the interface MACs ('7872.5d': Cisco; the ASAv: VMware's 0050.56). */
  oui: string;
  dataPorts: number;
  /** Oldest and newest ASA software releases the platform runs; the newest is the default. */
  minSoftware: string;
  defaultSoftware: string;
  /** Image file naming: the lfbff (5506/5508/5516) or smp package, or the old single-file image. */
  imageKind: 'lfbff' | 'smp' | 'legacy';
  limits: PlatformLimits;
}

const BIOS_LFBFF = 'BIOS Flash M25P64 @ 0xfed01000, 16384KB';
const BIOS_MIDRANGE = 'BIOS Flash MX25L6445E @ 0xffbb0000, 8192KB';
const ONBOARD = 'Cisco ASA Crypto on-board accelerator (revision 0x1)';
const LFBFF_CRYPTO: CryptoAccelerator = { device: ONBOARD, microcode: null, accelerators: 1 };
const MIDRANGE_CRYPTO: CryptoAccelerator = {
  device: ONBOARD,
  microcode: ['CNPx-MC-BOOT-2.00', 'CNPx-MC-SSL-SB-PLUS-0005', 'CNPx-MC-IPSEC-MAIN-0026'],
  accelerators: 1,
};

type Row = Omit<AsaModel, 'platform' | 'separateChassisSerial' | 'asaShare' | 'oui' | 'minSoftware'> &
  Partial<Pick<AsaModel, 'separateChassisSerial' | 'asaShare' | 'oui' | 'minSoftware'>>;

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

const lfbff = (n: 5506 | 5508 | 5516, hardware: string, l: PlatformLimits, license: string): Row => ({
  model: `ASA ${n}-X`,
  family: 'lfbff',
  pid: `ASA${n}`,
  hardware: `ASA${n}, ${hardware}`,
  flashMb: 8000,
  biosFlash: BIOS_LFBFF,
  crypto: LFBFF_CRYPTO,
  description: `ASA ${n}-X with FirePOWER services, 8GE, AC, DES`,
  licenseLine: `an ASA ${n} ${license}`,
  oui: '7872.5d',
  dataPorts: 8,
  minSoftware: '9.3(2)',
  defaultSoftware: '9.16(4)',
  imageKind: 'lfbff',
  limits: l,
});

const midrange = (
  n: 5512 | 5515 | 5525 | 5545 | 5555,
  hardware: string,
  asaShare: string,
  l: PlatformLimits,
  license: string,
): Row => ({
  model: `ASA ${n}-X`,
  family: 'midrange',
  pid: `ASA${n}`,
  hardware: `ASA${n}, ${hardware}`,
  asaShare,
  flashMb: n < 5525 ? 4096 : 8192,
  biosFlash: BIOS_MIDRANGE,
  crypto: MIDRANGE_CRYPTO,
  description: `ASA ${n}-X with SW, ${n < 5525 ? 6 : 8} GE Data, 1 GE Mgmt, AC`,
  licenseLine: `an ASA${n} ${license}`,
  oui: 'd8b1.90',
  dataPorts: n < 5525 ? 6 : 8,
  minSoftware: '8.6(1)',
  defaultSoftware: n < 5525 ? '9.12(4)' : '9.14(4)',
  imageKind: 'smp',
  limits: l,
});

const ssp = (n: 10 | 20 | 40 | 60, hardware: string, peers: number, license: string): Row => ({
  model: `ASA 5585-X SSP-${n}`,
  family: 'ssp',
  pid: `ASA5585-SSP-${n}`,
  hardware: `ASA5585-SSP-${n}, ${hardware}`,
  flashMb: 4096,
  biosFlash: BIOS_MIDRANGE,
  crypto: {
    device: ONBOARD,
    microcode: ['CNN35XX-MC-BOOT-2.00', 'CNN35XX-MC-SSL-SB-PLUS-0005', 'CNN35XX-MC-IPSEC-MAIN-0026'],
    accelerators: n < 40 ? 1 : 2,
  },
  description: `ASA 5585-X Security Services Processor-${n} with ${n < 40 ? '8GE' : '6GE, 4 SFP+'}`,
  licenseLine: `an ASA5585-SSP${n} ${license}`,
  oui: '5475.d0',
  dataPorts: n < 40 ? 8 : 6,
  minSoftware: '8.2(3)',
  defaultSoftware: '9.12(4)',
  imageKind: 'smp',
  limits: limits(peers, 1024, 2, n === 10 ? 4000 : 8000),
});

const PHYSICAL: Row[] = [
  {
    model: 'ASA 5505',
    family: 'asa5505',
    separateChassisSerial: false,
    pid: 'ASA5505',
    hardware: 'ASA5505, 512 MB RAM, CPU Geode 500 MHz,',
    flashMb: 128,
    biosFlash: 'BIOS Flash M50FW016 @ 0xfff00000, 2048KB',
    crypto: {
      device: 'Cisco ASA-5505 on-board accelerator (revision 0x0)',
      microcode: ['CN1000-MC-BOOT-2.00', 'CNLite-MC-SSLm-PLUS-2.03', 'CNlite-MC-IPSECm-MAIN-2.09'],
      accelerators: 1,
    },
    description: 'ASA 5505 Adaptive Security Appliance',
    licenseLine: 'an ASA 5505 Security Plus',
    oui: '0019.e8',
    dataPorts: 8,
    minSoftware: '7.2(1)',
    defaultSoftware: '9.2(4)',
    imageKind: 'legacy',
    limits: limits(25, 20, 0, 2, { physicalInterfaces: '8', failover: 'Active/Standby', cluster: false }),
  },
  lfbff(
    5506,
    '4096 MB RAM, CPU Atom C2000 series 1250 MHz, 1 CPU (4 cores)',
    limits(50, 30, 0, 160, { failover: 'Active/Standby', cluster: false }),
    'Security Plus',
  ),
  lfbff(
    5508,
    '8192 MB RAM, CPU Atom C2000 series 2000 MHz, 1 CPU (8 cores)',
    limits(100, 50, 2, 1000, { cluster: false }),
    'Security Plus',
  ),
  lfbff(
    5516,
    '8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)',
    limits(300, 150, 2, 1000),
    'Security Plus',
  ),
  midrange(
    5512,
    '4096 MB RAM, CPU Clarkdale 2793 MHz, 1 CPU (2 cores)',
    'ASA: 1764 MB RAM, 1 CPU (1 core)',
    limits(250, 100, 2, 500),
    'Security Plus',
  ),
  midrange(
    5515,
    '8192 MB RAM, CPU Clarkdale 3059 MHz, 1 CPU (4 cores)',
    'ASA: 2019 MB RAM, 1 CPU (1 core)',
    limits(250, 100, 2, 1000),
    'Security Plus',
  ),
  midrange(
    5525,
    '8192 MB RAM, CPU Lynnfield 2393 MHz, 1 CPU (4 cores)',
    'ASA: 4096 MB RAM, 1 CPU (1 core)',
    limits(750, 200, 2, 2000),
    'VPN Premium',
  ),
  midrange(
    5545,
    '12288 MB RAM, CPU Lynnfield 2793 MHz, 1 CPU (4 cores)',
    'ASA: 6912 MB RAM, 1 CPU (2 cores)',
    limits(2500, 300, 2, 3000),
    'VPN Premium',
  ),
  midrange(
    5555,
    '16384 MB RAM, CPU Lynnfield 2800 MHz, 1 CPU (8 cores)',
    'ASA: 8575 MB RAM, 1 CPU (2 cores)',
    limits(5000, 500, 2, 3000),
    'VPN Premium',
  ),
  ssp(10, '6144 MB RAM, CPU Xeon 5500 series 2000 MHz, 1 CPU (4 cores)', 5000, 'Security Plus'),
  ssp(20, '12288 MB RAM, CPU Xeon 5500 series 2266 MHz, 1 CPU (8 cores)', 10000, 'Security Plus'),
  ssp(40, '24576 MB RAM, CPU Xeon 5600 series 2133 MHz, 2 CPUs (12 cores)', 10000, 'VPN Premium'),
  ssp(60, '49152 MB RAM, CPU Xeon 5600 series 2800 MHz, 2 CPUs (24 cores)', 10000, 'VPN Premium'),
];

const ASAV: AsaModel = {
  model: 'ASAv',
  family: 'asav',
  separateChassisSerial: false,
  platform: 'asav',
  pid: 'ASAv10',
  hardware: 'ASAv, 2048 MB RAM, CPU Xeon E5 series 2100 MHz,',
  asaShare: null,
  flashMb: 8192,
  biosFlash: 'BIOS Flash Firmware Hub @ 0x0, 0KB',
  crypto: null,
  description: 'ASAv Adaptive Security Virtual Appliance',
  licenseLine: '',
  oui: '0050.56',
  dataPorts: 7,
  // Smart Licensing only: the PAK-licensed ASAv of 9.2 is not simulated.
  minSoftware: '9.5(1)',
  defaultSoftware: '9.16(4)',
  imageKind: 'smp',
  limits: limits(250, 50, 0, 2, { physicalInterfaces: '10', failover: 'Active/Standby', cluster: false }),
};

export const ASA_MODELS: readonly AsaModel[] = Object.freeze([
  ...PHYSICAL.map((m): AsaModel => ({
    ...m,
    separateChassisSerial: m.separateChassisSerial ?? true,
    asaShare: m.asaShare ?? null,
    oui: m.oui ?? '0000.0c',
    minSoftware: m.minSoftware ?? '9.1(1)',
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
  /** The line 9.8 and later print after the version (FXOS, then SSP OS from 9.14), or null. */
  operatingSystem: string | null;
}

export const SOFTWARE_RELEASES: readonly SoftwareRelease[] = Object.freeze([
  { version: '8.4(7)', deviceManager: '7.1(4)', compiled: 'Fri 30-Aug-13 19:48 PDT', operatingSystem: null },
  { version: '9.2(4)', deviceManager: '7.5(1)', compiled: 'Wed 15-Jul-15 10:03 PDT', operatingSystem: null },
  {
    version: '9.8(4)',
    deviceManager: '7.12(1)',
    compiled: 'Wed 10-Apr-19 11:12 PDT',
    operatingSystem: 'Firepower Extensible Operating System Version 2.2(2.121)',
  },
  {
    version: '9.12(4)',
    deviceManager: '7.14(1)',
    compiled: 'Wed 29-Jul-20 11:52 PDT',
    operatingSystem: 'Firepower Extensible Operating System Version 2.6(1.192)',
  },
  {
    version: '9.14(4)',
    deviceManager: '7.18(1)',
    compiled: 'Wed 30-Mar-22 14:03 PDT',
    operatingSystem: 'SSP Operating System Version 2.8(1.172)',
  },
  {
    version: '9.16(4)',
    deviceManager: '7.19(1)',
    compiled: 'Tue 25-Oct-22 10:53 PDT',
    operatingSystem: 'SSP Operating System Version 2.10(1.1650)',
  },
]);

export function findSoftwareRelease(version: string): SoftwareRelease | undefined {
  return SOFTWARE_RELEASES.find((r) => r.version === version);
}

/** -1, 0, 1: '9.2(4)' < '9.12(4)', compared number by number. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.match(/\d+/g)?.map(Number) ?? []) as [number[], number[]];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Whether a release runs on a model: between the platform's first and last release. */
export function runsOn(model: AsaModel, release: SoftwareRelease): boolean {
  return (
    compareVersions(release.version, model.minSoftware) >= 0 &&
    compareVersions(release.version, model.defaultSoftware) <= 0
  );
}

/** 'disk0:/asa9-16-4-lfbff-k8.SPA', 'disk0:/asa9-12-4-smp-k8.bin', 'disk0:/asa924-k8.bin'. */
export function systemImage(model: AsaModel, version: string): string {
  const parts = version.match(/\d+/g) ?? [];
  const disk = model.platform === 'asav' ? 'boot:' : 'disk0:';
  // Before 9.3 every platform had single-file images ('asa847-k8.bin').
  if (model.imageKind === 'legacy' || compareVersions(version, '9.3(1)') < 0) {
    return `${disk}/asa${parts.join('')}-k8.bin`;
  }
  return model.imageKind === 'lfbff'
    ? `${disk}/asa${parts.join('-')}-lfbff-k8.SPA`
    : `${disk}/asa${parts.join('-')}-smp-k8.bin`;
}
