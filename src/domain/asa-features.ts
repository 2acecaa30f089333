/**
 * The "Licensed features for this platform" table, per model family and software train, as the
 * real captures print it (docs/simulated-asas.md): 8.x names the ciphers VPN-DES/VPN-3DES-AES,
 * 9.x Encryption-DES/Encryption-3DES-AES; before 9.4 the table has GTP/GPRS, the UC Phone Proxy and
 * Intercompany Media Engine rows and Shared License early; later trains Carrier and TLS Proxy; the
 * ASA 5505 has its own rows (VLANs with the DMZ restriction, Dual ISPs, VLAN Trunk Ports).
 */
import type { FeatureSet } from './activation-key.js';
import { compareVersions, type AsaModel } from './asa-models.js';

export interface FeatureValue {
  name: string;
  value: string;
  /** For comparing keys: higher is more. */
  rank: number;
  /** A term the row always prints instead of 'perpetual' (the 5505's 'DMZ Unrestricted'). */
  fixedTerm?: string;
}

const enabled = (on: boolean) => ({ value: on ? 'Enabled' : 'Disabled', rank: on ? 1 : 0 });
const count = (n: number) => ({ value: String(n), rank: n });
const fixed = (value: string) => ({ value, rank: 0 });

/**
 * The table one key gives. An AnyConnect Plus/Apex key unlocks the platform's maximum AnyConnect
 * Premium peers (the FAQ: "unlocked for its maximum hardware capacity"); VPN Only unlocks its peer
 * count; user counts are never enforced.
 */
export function featureTable(model: AsaModel, version: string, f: FeatureSet): FeatureValue[] {
  const l = model.limits;
  const max = l.anyconnectPeers;
  const premium = f.anyconnectTerm ? max : Math.min(max, Math.max(2, f.vpnOnlyPeers, f.premiumPeers));
  const anyconnect = f.anyconnectTerm || f.vpnOnlyPeers > 0;
  const v8 = compareVersions(version, '9.0(1)') < 0;
  const early = compareVersions(version, '9.4(1)') < 0;
  const rows: FeatureValue[] = [];
  const row = (name: string, v: { value: string; rank: number }, fixedTerm?: string) =>
    rows.push({ name, ...v, ...(fixedTerm ? { fixedTerm } : {}) });
  const cipher = v8 ? 'VPN-' : 'Encryption-';
  const shared = () => row('Shared License', enabled(f.sharedLicense));
  const clients = () => {
    row('AnyConnect for Mobile', enabled(anyconnect || f.mobile));
    row('AnyConnect for Cisco VPN Phone', enabled(anyconnect));
    row('Advanced Endpoint Assessment', enabled(anyconnect));
  };
  const peers = () => {
    row('AnyConnect Premium Peers', count(premium));
    row('AnyConnect Essentials', f.essentials ? count(max) : enabled(false));
    row('Other VPN Peers', count(l.vpnPeers));
    row('Total VPN Peers', count(l.vpnPeers));
  };

  if (model.family === 'asa5505') {
    row('Maximum Physical Interfaces', fixed(l.physicalInterfaces));
    row('VLANs', fixed(String(l.vlans)), 'DMZ Unrestricted');
    row('Dual ISPs', fixed('Enabled'));
    row('VLAN Trunk Ports', fixed('8'));
    row('Inside Hosts', fixed('Unlimited'));
    row('Failover', fixed(l.failover));
    row(`${cipher}DES`, enabled(true));
    row(`${cipher}3DES-AES`, enabled(true));
    peers();
    shared();
    clients();
    row('UC Phone Proxy Sessions', count(l.tlsProxySessions));
    row('Total UC Proxy Sessions', count(l.tlsProxySessions));
    row('Botnet Traffic Filter', enabled(false));
    row('Intercompany Media Engine', enabled(false));
    return rows;
  }
  const asav = model.family === 'asav';
  if (!asav) row('Maximum Physical Interfaces', fixed(l.physicalInterfaces));
  row('Maximum VLANs', count(l.vlans));
  row('Inside Hosts', fixed('Unlimited'));
  row('Failover', fixed(l.failover));
  row(`${cipher}DES`, enabled(true));
  row(`${cipher}3DES-AES`, enabled(true));
  if (asav || l.securityContexts > 0) row('Security Contexts', count(l.securityContexts));
  row(early ? 'GTP/GPRS' : 'Carrier', enabled(false));
  peers();
  if (early) shared();
  clients();
  if (early) {
    row('UC Phone Proxy Sessions', count(l.tlsProxySessions));
    row('Total UC Proxy Sessions', count(l.tlsProxySessions));
  } else {
    shared();
    row('Total TLS Proxy Sessions', count(l.tlsProxySessions));
  }
  row('Botnet Traffic Filter', enabled(asav));
  if (early) row('Intercompany Media Engine', enabled(false));
  if (model.family === 'midrange' && !v8) row('IPS Module', enabled(false));
  if (!v8) row('Cluster', enabled(l.cluster));
  const members = l.cluster && compareVersions(version, '9.9(1)') >= 0;
  if (members) row('Cluster Members', count(2));
  if (members && model.family === 'lfbff') row('VPN Load Balancing', enabled(true));
  return rows;
}
