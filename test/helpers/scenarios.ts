/** A training world with a PAK in every state. */
export const TRAINING = {
  clock: { start: '2026-03-02T09:00:00Z', frozen: true },
  settings: { activationDelay: '4h' },
  smartAccounts: [{ name: 'Acme', domain: 'acme.example', virtualAccounts: ['Default', 'Lab'] }],
  users: [
    {
      ccoId: 'jdoe',
      email: 'john.doe@acme.example',
      name: 'John Doe',
      company: 'Acme',
      smartAccounts: ['Acme'],
    },
    { ccoId: 'asmith', email: 'alice.smith@acme.example', name: 'Alice Smith', company: 'Acme' },
  ],
  orders: [
    {
      ccoId: 'jdoe',
      salesOrder: '100000001',
      shippedAt: '-10d',
      lines: [
        { sku: 'L-AC-PLS-LIC=', users: 100, termMonths: 12, pak: 'ACTIVEPLS01' },
        { sku: 'L-AC-PLS-P-G', pak: 'PERPETUAL01' },
        { sku: 'L-AC-VPNO-25=', pak: 'DEACTIVATE1', deactivated: true },
      ],
    },
    {
      ccoId: 'jdoe',
      shippedAt: '-1h',
      activationDelay: '4h',
      lines: [{ sku: 'L-AC-APX-LIC=', users: 50, pak: 'NOTACTIVE01' }],
    },
  ],
  registrations: [
    {
      ccoId: 'jdoe',
      at: '-2d',
      paks: ['ACTIVEPLS01'],
      lines: [{ sku: 'L-AC-PLS-LIC=', quantity: 40 }],
      devices: ['JAD222605K8'],
      smartAccount: 'Acme',
      virtualAccount: 'Lab',
    },
  ],
};
