/**
 * The three-step "Get New Licenses from a Single PAK/Token" wizard (the home page and the rest of
 * the menu: home-pages.ts).
 *
 * The wizard keeps its state in the form itself (hidden fields), so it works without JavaScript and
 * without a server-side session: each step posts everything entered so far. Rules are the services':
 * the last step calls register() exactly as POST /api/v1/registrations does, and a refusal takes the
 * user back to the step holding the field it names, with every value kept. Submit carries a one-time
 * key and answers 303 to the License Request Status page (Post/Redirect/Get: see one-time.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PRODUCT_FAMILY } from '../../domain/catalog.js';
import {
  defaultQuantity,
  lineUnit,
  REGISTER_ALL_QUANTITY_WARNING,
  type LineRequest,
} from '../../domain/ledger.js';
import { validateDeviceRows } from '../../domain/serial.js';
import { lookupPaks, type PakView } from '../../services/licenses.js';
import { register } from '../../services/registrations.js';
import { smartAccountChoices } from '../../services/user-portal.js';
import type { PortalSession } from '../auth.js';
import type { RouteContext } from '../context.js';
import { attempt, checked, many, one, type FieldErrors, type FormBody } from './forms.js';
import { hidden, render } from './render.js';
import { homePage } from './home-pages.js';
import { formKeyFrom, newFormKey, oneTimeForm, storedResult } from './one-time.js';
import { signedIn, UI_PREFIX } from './session.js';

const REGISTER_FORM = 'licenses/new';

interface WizardLine {
  index: number;
  pak: string;
  sku: string;
  description: string;
  quantityAvailable: number;
  multiUse: boolean;
  startDate: string;
  endDate: string | null;
  assignable: boolean;
}

/** Everything entered so far; step 2 and 3 fields stay undefined until the user reaches them. */
interface WizardState {
  paks: string;
  smartAccount: string;
  virtualAccount: string;
  qty: Map<number, string>;
  all: Set<number>;
  devices?: string[];
  sendTo?: string;
  endUserName?: string;
  endUserCompany?: string;
  endUserEmail?: string;
  agree: boolean;
  /** The one-time key of this wizard run: Submit registers once however often it is sent. */
  formKey: string;
}

function wizardLines(paks: PakView[]): WizardLine[] {
  return paks
    .flatMap((p) => p.lines.map((l) => ({ pak: p.pak, l })))
    .map(({ pak, l }, index) => ({
      index,
      pak,
      sku: l.sku,
      description: l.description,
      quantityAvailable: l.quantityAvailable,
      multiUse: l.multiUse,
      startDate: l.startDate,
      endDate: l.endDate,
      assignable: l.quantityAvailable > 0,
    }));
}

function initialState(paks: string, lines: WizardLine[], formKey: string): WizardState {
  const qty = new Map<number, string>();
  for (const l of lines.filter((x) => x.assignable)) {
    // A banding line is proposed whole; any other line is left to the ledger's 1 per device, which
    // follows the Add Device rows of step 2 (a number typed here would not).
    const line = { id: l.index, pak: l.pak, sku: l.sku, multiUse: l.multiUse };
    const proposed = defaultQuantity({ ...line, quantity: l.quantityAvailable, assigned: 0 }, 1);
    qty.set(l.index, lineUnit(l.sku) === 'users' ? String(proposed) : '');
  }
  return { paks, smartAccount: '', virtualAccount: '', qty, all: new Set(), agree: false, formKey };
}

const defined = (body: FormBody, name: string) => (body[name] === undefined ? undefined : one(body, name));

function readState(body: FormBody, lines: WizardLine[], formKey: string): WizardState {
  return {
    formKey,
    paks: one(body, 'paks'),
    smartAccount: one(body, 'smartAccount'),
    virtualAccount: one(body, 'virtualAccount'),
    qty: new Map(lines.filter((l) => l.assignable).map((l) => [l.index, one(body, `qty-${l.index}`)])),
    all: new Set(lines.filter((l) => checked(body, `all-${l.index}`)).map((l) => l.index)),
    devices: body.devices === undefined ? undefined : many(body, 'devices'),
    sendTo: defined(body, 'sendTo'),
    endUserName: defined(body, 'endUserName'),
    endUserCompany: defined(body, 'endUserCompany'),
    endUserEmail: defined(body, 'endUserEmail'),
    agree: checked(body, 'agreeToTerms'),
  };
}

/** The other steps' values, carried along as hidden fields. */
function carried(state: WizardState, lines: WizardLine[], step: 1 | 2 | 3) {
  const fields: Array<{ name: string; value: string }> = [
    { name: 'paks', value: state.paks },
    { name: 'formKey', value: state.formKey },
  ];
  if (step !== 1) {
    fields.push({ name: 'smartAccount', value: state.smartAccount });
    fields.push({ name: 'virtualAccount', value: state.virtualAccount });
    for (const l of lines.filter((x) => x.assignable)) {
      fields.push({ name: `qty-${l.index}`, value: state.qty.get(l.index) ?? '' });
      if (state.all.has(l.index)) fields.push({ name: `all-${l.index}`, value: 'on' });
    }
  }
  if (step !== 2) for (const d of state.devices ?? []) fields.push({ name: 'devices', value: d });
  if (step !== 3) {
    for (const name of ['sendTo', 'endUserName', 'endUserCompany', 'endUserEmail'] as const) {
      const value = state[name];
      if (value !== undefined) fields.push({ name, value });
    }
    if (state.agree) fields.push({ name: 'agreeToTerms', value: 'on' });
  }
  return fields;
}

/** The registration request, built from the form the same way for every step. */
function lineRequests(state: WizardState, lines: WizardLine[]) {
  const requests: LineRequest[] = [];
  const rowOf: number[] = [];
  for (const l of lines.filter((x) => x.assignable)) {
    const text = (state.qty.get(l.index) ?? '').trim();
    const request: LineRequest = { pak: l.pak, sku: l.sku };
    if (text !== '') request.quantity = Number(text);
    if (state.all.has(l.index)) request.registerAll = true;
    requests.push(request);
    rowOf.push(l.index);
  }
  return { requests, rowOf };
}

const STEP_OF_FIELD: Record<string, 1 | 2> = {
  paks: 1,
  smartAccount: 1,
  virtualAccount: 1,
  lines: 1,
  devices: 2,
};

export function licensePages(app: FastifyInstance, ctx: RouteContext): void {
  const wizard = (
    request: FastifyRequest,
    reply: FastifyReply,
    step: 1 | 2 | 3,
    paks: PakView[],
    state: WizardState,
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const session = request.portal as PortalSession;
    const lines = wizardLines(paks);
    const { rowOf } = lineRequests(state, lines);
    const lineError = (index: number) => {
      const k = rowOf.indexOf(index);
      return k < 0 ? undefined : errors[`lines.${k}`];
    };
    const accounts = smartAccountChoices(session.sandbox, session.user);
    const rows = lines.map((l) => ({
      ...l,
      smartAccount: state.smartAccount || 'Unassigned',
      qty: state.qty.get(l.index) ?? '',
      perDevice: lineUnit(l.sku) !== 'users',
      registerAll: state.all.has(l.index),
      error: lineError(l.index),
    }));
    const devices = (state.devices ?? ['']).map((value, i) => ({
      value,
      index: i,
      number: i + 1,
      error: errors[`devices.${i}`],
    }));
    return render(
      ctx,
      request,
      reply,
      'register',
      {
        step1: step === 1,
        step2: step === 2,
        step3: step === 3,
        productFamily: paks[0]?.productFamily ?? PRODUCT_FAMILY,
        paks: state.paks,
        smartAccounts: accounts.map((a) => ({
          name: a.name,
          selected: a.name === state.smartAccount,
          virtualAccounts: a.virtualAccounts.map((v) => ({
            name: v,
            selected: a.name === state.smartAccount && v === state.virtualAccount,
          })),
        })),
        rows,
        devices,
        multipleDevices: devices.length > 1,
        serials: (state.devices ?? []).join(', '),
        preview: rows
          .filter((r) => r.assignable)
          .map((r) => ({
            ...r,
            qtyShown: r.registerAll
              ? `${r.quantityAvailable} (all)`
              : r.qty.trim() || `${(state.devices ?? ['']).length} (1 per device)`,
          })),
        sendTo: state.sendTo ?? session.user.email,
        endUser: {
          name: state.endUserName ?? session.user.name,
          company: state.endUserCompany ?? session.user.company,
          email: state.endUserEmail ?? session.user.email,
        },
        agree: state.agree,
        warning: REGISTER_ALL_QUANTITY_WARNING,
        carried: carried(state, lines, step),
        errors,
      },
      { title: 'Get New Licenses from a Single PAK/Token', nav: 'home', status },
    );
  };

  // Fulfill: a look-up, so a GET; the box's text comes back with the FAQ's message when refused.
  app.get<{ Querystring: { paks?: string } }>(
    '/licenses/new',
    { ...hidden, preHandler: signedIn },
    async (request, reply) => {
      const { sandbox } = request.portal as PortalSession;
      const paks = request.query.paks ?? '';
      const found = attempt(() => lookupPaks(sandbox, paks));
      if (!found.ok) return homePage(ctx, request, reply, paks, found.errors, found.status);
      return wizard(
        request,
        reply,
        1,
        found.value,
        initialState(paks, wizardLines(found.value), newFormKey(ctx)),
      );
    },
  );

  app.post<{ Body: FormBody }>(
    '/licenses/new',
    { ...hidden, preHandler: signedIn },
    async (request, reply) => {
      const session = request.portal as PortalSession;
      const body = request.body ?? {};
      const found = attempt(() => lookupPaks(session.sandbox, one(body, 'paks')));
      if (!found.ok) return homePage(ctx, request, reply, one(body, 'paks'), found.errors, found.status);
      const paks = found.value;
      const lines = wizardLines(paks);
      const state = readState(body, lines, formKeyFrom(ctx, one(body, 'formKey')));
      const op = one(body, 'op');

      if (op === 'step-1') return wizard(request, reply, 1, paks, state);
      if (op === 'step-2') return wizard(request, reply, 2, paks, state);
      if (op === 'add-device') {
        state.devices = [...(state.devices ?? ['']), ''];
        return wizard(request, reply, 2, paks, state);
      }
      if (op.startsWith('delete-device-')) {
        const rows = [...(state.devices ?? [''])];
        rows.splice(Number(op.slice('delete-device-'.length)), 1);
        state.devices = rows.length > 0 ? rows : [''];
        return wizard(request, reply, 2, paks, state);
      }
      if (op === 'step-3') {
        const checkedRows = attempt(() => validateDeviceRows(state.devices ?? [''], 'devices'), ['devices']);
        if (!checkedRows.ok)
          return wizard(request, reply, 2, paks, state, checkedRows.errors, checkedRows.status);
        return wizard(request, reply, 3, paks, state);
      }
      if (op !== 'submit') return wizard(request, reply, 1, paks, state);

      const { requests } = lineRequests(state, lines);
      const result = attempt(
        () =>
          oneTimeForm(session, REGISTER_FORM, state.formKey, (hook) =>
            register(
              ctx.deps,
              session.sandbox,
              session.user,
              {
                paks: state.paks,
                smartAccount: state.smartAccount || null,
                virtualAccount: state.virtualAccount || null,
                lines: requests,
                devices: state.devices ?? [''],
                sendTo: state.sendTo ?? session.user.email,
                endUser: {
                  name: state.endUserName ?? '',
                  company: state.endUserCompany ?? '',
                  email: state.endUserEmail ?? '',
                },
                agreeToTerms: state.agree,
              },
              hook,
            ),
          ),
        ['devices', 'lines'],
      );
      if (!result.ok) {
        let errors = result.errors;
        // A device rule names the serial it refused: show it on that Add Device row.
        const serial = result.error.details?.serial;
        const row = (state.devices ?? []).findIndex((d) => d.trim().toUpperCase() === serial);
        if (errors._form !== undefined && row >= 0) errors = { [`devices.${row}`]: errors._form };
        const key = Object.keys(errors)[0] as string;
        const step = STEP_OF_FIELD[key.split('.')[0] as string] ?? 3;
        return wizard(request, reply, step, paks, state, errors, result.status);
      }
      return reply.redirect(`${UI_PREFIX}/licenses/status/${state.formKey}`, 303);
    },
  );

  app.get<{ Params: { key: string } }>(
    '/licenses/status/:key',
    { ...hidden, preHandler: signedIn },
    async (request, reply) =>
      render(
        ctx,
        request,
        reply,
        'register-status',
        { status: storedResult(request.portal as PortalSession, REGISTER_FORM, request.params.key) },
        { title: 'License Request Status', nav: 'home' },
      ),
  );
}
