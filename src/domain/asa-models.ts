/** ASA models a sandbox can simulate. The 5500-X report a chassis serial that differs from 'show version'. */
export interface AsaModel {
  model: string;
  /** 5500-X (and 5585-X): 'show version' and 'show inventory' serials differ. */
  separateChassisSerial: boolean;
  platform: 'asa' | 'asav';
}

export const ASA_MODELS: readonly AsaModel[] = Object.freeze(
  [
    ['ASA 5505', false],
    ['ASA 5506-X', true],
    ['ASA 5508-X', true],
    ['ASA 5512-X', true],
    ['ASA 5515-X', true],
    ['ASA 5516-X', true],
    ['ASA 5525-X', true],
    ['ASA 5545-X', true],
    ['ASA 5555-X', true],
    ['ASA 5585-X SSP-10', true],
    ['ASA 5585-X SSP-20', true],
    ['ASA 5585-X SSP-40', true],
    ['ASA 5585-X SSP-60', true],
  ]
    .map(([model, separate]): AsaModel => ({
      model: model as string,
      separateChassisSerial: separate as boolean,
      platform: 'asa',
    }))
    .concat([{ model: 'ASAv', separateChassisSerial: false, platform: 'asav' }]),
);

export function findAsaModel(model: string): AsaModel | undefined {
  return ASA_MODELS.find((m) => m.model.toLowerCase() === model.toLowerCase());
}
