/**
 * A typed client generated from the OpenAPI document, driving the FAQ's registration flow.
 *   npx openapi-typescript http://127.0.0.1:3000/openapi.json -o schema.d.ts
 *   (or from the package: node_modules/license-portal-sim/openapi/openapi.json)
 * Paths, parameters, bodies and answers are all checked by the compiler against the API.
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

export async function registrationFlow(baseUrl: string, adminToken: string) {
  const admin = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${adminToken}` } });
  const created = await admin.POST('/__admin/sandboxes', { body: { scenario: 'demo', frozen: true } });
  if (!created.data) throw new Error(created.error?.error.message);
  const sandbox = created.data;
  const users = await admin.GET('/__admin/sandboxes/{id}/users', { params: { path: { id: sandbox.id } } });
  const jdoe = users.data?.users.find((u) => u.ccoId === 'jdoe');
  if (!jdoe) throw new Error('the demo scenario has no jdoe');

  const portal = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${jdoe.token}` } });
  // Get New Licenses: a PAK delivered an hour ago is not active yet; an older one is.
  const pending = await portal.GET('/api/v1/paks', { params: { query: { ids: 'DEMOPENDING' } } });
  const lookup = await portal.GET('/api/v1/paks', { params: { query: { ids: 'DEMOPLS0026' } } });
  // The three wizard steps in one request, then the device's key.
  const registration = await portal.POST('/api/v1/registrations', {
    body: {
      paks: 'DEMOPLS0026',
      devices: ['JAD222605K8'],
      sendTo: 'john.doe@example.com',
      agreeToTerms: true,
    },
  });
  const device = await portal.GET('/api/v1/devices/{serial}', {
    params: { path: { serial: 'JAD222605K8' } },
  });
  const mail = await admin.GET('/__admin/sandboxes/{id}/mail', {
    params: { path: { id: sandbox.id }, query: { subject: 'activation key' } },
  });
  return {
    sandboxId: sandbox.id,
    pendingError: pending.error?.error,
    pak: lookup.data?.paks[0],
    registration: registration.data,
    activationKey: device.data?.activationKey ?? null,
    mailTo: mail.data?.messages.map((m) => m.to),
  };
}
