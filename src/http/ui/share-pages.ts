/**
 * Get Other Licenses > Share License Process: Get Activation Codes, and Use Activation Codes in the
 * FAQ's three steps (1. Specify Activation Code, 2. Select SKU Options, 3. Review). Like the
 * registration wizard, the steps carry their state in the form and the last one calls the same
 * service as POST /api/v1/shares.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PRODUCT_FAMILY } from '../../domain/catalog.js';
import { completesAt } from '../../services/history.js';
import { requestActivationCode, shareOptions, useActivationCode } from '../../services/sharing.js';
import { listDevices } from '../../services/user-portal.js';
import type { PortalSession } from '../auth.js';
import type { RouteContext } from '../context.js';
import { attempt, checked, many, one, type FieldErrors, type FormBody } from './forms.js';
import { hidden, render } from './render.js';
import { formKeyFrom, newFormKey, oneTimeForm, storedResult } from './one-time.js';
import { signedIn, UI_PREFIX } from './session.js';

const CODE_FORM = 'share/activation-codes';
const USE_FORM = 'share/use';

type ShareStatus = ReturnType<typeof useActivationCode>;

interface CodeForm {
  formKey: string;
  product: string;
  sourceSerial: string;
  targetSerial: string;
  sendTo: string;
}

interface UseState {
  formKey: string;
  activationCode: string;
  /** Chosen Source SKU Selection rows; undefined until step 2 was shown (then all shareable rows). */
  lines?: string[];
  sendTo?: string;
  endUserName?: string;
  endUserCompany?: string;
  endUserEmail?: string;
  agree: boolean;
}

const defined = (body: FormBody, name: string) => (body[name] === undefined ? undefined : one(body, name));

function readUseState(body: FormBody, formKey: string): UseState {
  return {
    formKey,
    activationCode: one(body, 'activationCode'),
    lines: checked(body, 'linesShown') ? many(body, 'lines') : undefined,
    sendTo: defined(body, 'sendTo'),
    endUserName: defined(body, 'endUserName'),
    endUserCompany: defined(body, 'endUserCompany'),
    endUserEmail: defined(body, 'endUserEmail'),
    agree: checked(body, 'agreeToTerms'),
  };
}

function carried(state: UseState, step: 1 | 2 | 3) {
  const fields: Array<{ name: string; value: string }> = [];
  if (step !== 1) fields.push({ name: 'activationCode', value: state.activationCode });
  if (step !== 2 && state.lines !== undefined) {
    fields.push({ name: 'linesShown', value: 'on' });
    for (const l of state.lines) fields.push({ name: 'lines', value: l });
  }
  if (step !== 3) {
    for (const name of ['sendTo', 'endUserName', 'endUserCompany', 'endUserEmail'] as const) {
      const value = state[name];
      if (value !== undefined) fields.push({ name, value });
    }
    if (state.agree) fields.push({ name: 'agreeToTerms', value: 'on' });
  }
  return fields;
}

export function sharePages(app: FastifyInstance, ctx: RouteContext): void {
  const guard = { ...hidden, preHandler: signedIn };

  app.get('/share', guard, async (request, reply) =>
    render(ctx, request, reply, 'share', {}, { title: 'Share License Process', nav: 'home' }),
  );

  const codePage = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: CodeForm,
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const { sandbox, user } = request.portal as PortalSession;
    return render(
      ctx,
      request,
      reply,
      'share-code',
      {
        form,
        products: [PRODUCT_FAMILY].map((p) => ({ name: p, selected: p === form.product })),
        serials: listDevices(sandbox, user).map((d) => d.serial),
        errors,
      },
      { title: 'Share License Process: Get Activation Codes', nav: 'home', status },
    );
  };

  app.get('/share/activation-codes', guard, async (request, reply) =>
    codePage(request, reply, {
      formKey: newFormKey(ctx),
      product: PRODUCT_FAMILY,
      sourceSerial: '',
      targetSerial: '',
      sendTo: (request.portal as PortalSession).user.email,
    }),
  );

  app.post<{ Body: FormBody }>('/share/activation-codes', guard, async (request, reply) => {
    const session = request.portal as PortalSession;
    const form: CodeForm = {
      formKey: formKeyFrom(ctx, one(request.body, 'formKey')),
      product: one(request.body, 'product'),
      sourceSerial: one(request.body, 'sourceSerial'),
      targetSerial: one(request.body, 'targetSerial'),
      sendTo: one(request.body, 'sendTo'),
    };
    const { formKey, ...input } = form;
    const result = attempt(() =>
      oneTimeForm(session, CODE_FORM, formKey, (hook) =>
        requestActivationCode(ctx.deps, session.sandbox, session.user, input, hook),
      ),
    );
    if (!result.ok) return codePage(request, reply, form, result.errors, result.status);
    return reply.redirect(`${UI_PREFIX}/share/activation-codes/${formKey}`, 303);
  });

  app.get<{ Params: { key: string } }>('/share/activation-codes/:key', guard, async (request, reply) =>
    render(
      ctx,
      request,
      reply,
      'share-code-confirmation',
      { confirmation: storedResult(request.portal as PortalSession, CODE_FORM, request.params.key) },
      { title: 'Shared License Activation Code Confirmation', nav: 'home' },
    ),
  );

  const usePage = (
    request: FastifyRequest,
    reply: FastifyReply,
    step: 1 | 2 | 3,
    state: UseState,
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const { sandbox, user } = request.portal as PortalSession;
    let options = null;
    if (step !== 1) {
      const found = attempt(() => shareOptions(sandbox, user, state.activationCode));
      if (!found.ok) return usePage(request, reply, 1, state, found.errors, found.status);
      options = found.value;
    }
    const chosen = new Set(
      state.lines ?? options?.skus.filter((s) => s.shareable).map((s) => String(s.lineId)) ?? [],
    );
    const skus = (options?.skus ?? []).map((s) => ({ ...s, chosen: chosen.has(String(s.lineId)) }));
    return render(
      ctx,
      request,
      reply,
      'share-use',
      {
        step1: step === 1,
        step2: step === 2,
        step3: step === 3,
        activationCode: state.activationCode,
        options,
        skus,
        review: skus.filter((s) => s.chosen),
        sendTo: state.sendTo ?? user.email,
        endUser: {
          name: state.endUserName ?? user.name,
          company: state.endUserCompany ?? user.company,
          email: state.endUserEmail ?? user.email,
        },
        agree: state.agree,
        formKey: state.formKey,
        carried: carried({ ...state, lines: step === 3 ? [...chosen] : state.lines }, step),
        errors,
      },
      { title: 'Share License Process: Use Activation Codes', nav: 'home', status },
    );
  };

  app.get<{ Querystring: { code?: string } }>('/share/use', guard, async (request, reply) =>
    usePage(request, reply, 1, {
      activationCode: request.query.code ?? '',
      agree: false,
      formKey: newFormKey(ctx),
    }),
  );

  app.post<{ Body: FormBody }>('/share/use', guard, async (request, reply) => {
    const session = request.portal as PortalSession;
    const { user } = session;
    const body = request.body ?? {};
    const state = readUseState(body, formKeyFrom(ctx, one(body, 'formKey')));
    const op = one(body, 'op');
    if (op === 'step-2') return usePage(request, reply, 2, state);
    if (op === 'step-3') return usePage(request, reply, 3, state);
    if (op !== 'submit') return usePage(request, reply, 1, state);

    const result = attempt(() =>
      oneTimeForm(session, USE_FORM, state.formKey, (hook) =>
        useActivationCode(
          ctx.deps,
          session.sandbox,
          user,
          {
            activationCode: state.activationCode,
            lines: state.lines?.map(Number),
            sendTo: state.sendTo ?? user.email,
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
    );
    if (!result.ok) {
      const key = Object.keys(result.errors)[0] as string;
      const step = key === 'activationCode' ? 1 : key === 'lines' ? 2 : 3;
      return usePage(request, reply, step, state, result.errors, result.status);
    }
    return reply.redirect(`${UI_PREFIX}/share/status/${state.formKey}`, 303);
  });

  app.get<{ Params: { key: string } }>('/share/status/:key', guard, async (request, reply) => {
    const session = request.portal as PortalSession;
    const status = storedResult<ShareStatus>(session, USE_FORM, request.params.key);
    return render(
      ctx,
      request,
      reply,
      'share-status',
      { status: { ...status, completesAt: completesAt(session.sandbox, status.transactionId) } },
      { title: 'License Request Status', nav: 'home' },
    );
  });
}
