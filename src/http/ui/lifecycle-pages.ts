/**
 * The AnyConnect Smart License Sharing Request (FAQ: FTD 6.2.1 and later), the same service as
 * POST /api/v1/smart-account-requests. The form carries a one-time key: the request and the key's
 * record commit together, so a reload, Back or a double click sends one request.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  GLOBAL_LICENSING_ADDRESS,
  LICENSE_TYPES,
  requestSmartAccountSharing,
  type LicenseType,
} from '../../services/lifecycle.js';
import { smartAccountChoices } from '../../services/user-portal.js';
import type { PortalSession } from '../auth.js';
import type { RouteContext } from '../context.js';
import { attempt, one, type FieldErrors, type FormBody } from './forms.js';
import { formKeyFrom, newFormKey, oneTimeForm, storedResult } from './one-time.js';
import { hidden, render } from './render.js';
import { signedIn, UI_PREFIX } from './session.js';

const FORM = 'smart-account-request';

interface Form {
  smartAccount: string;
  virtualAccount: string;
  pak: string;
  licenseType: string;
  formKey: string;
}

export function lifecyclePages(app: FastifyInstance, ctx: RouteContext): void {
  const guard = { ...hidden, preHandler: signedIn };

  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Form,
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const { sandbox, user } = request.portal as PortalSession;
    return render(
      ctx,
      request,
      reply,
      'smart-account-request',
      {
        form,
        formKey: form.formKey,
        accounts: smartAccountChoices(sandbox, user),
        licenseTypes: LICENSE_TYPES.map((name) => ({ name, selected: name === form.licenseType })),
        globalLicensing: GLOBAL_LICENSING_ADDRESS,
        errors,
      },
      { title: 'AnyConnect Smart License Sharing Request', nav: 'home', status },
    );
  };

  app.get('/smart-account-requests/new', guard, async (request, reply) =>
    page(request, reply, {
      smartAccount: '',
      virtualAccount: '',
      pak: '',
      licenseType: 'Plus',
      formKey: newFormKey(ctx),
    }),
  );

  app.post<{ Body: FormBody }>('/smart-account-requests', guard, async (request, reply) => {
    const session = request.portal as PortalSession;
    const form: Form = {
      smartAccount: one(request.body, 'smartAccount'),
      virtualAccount: one(request.body, 'virtualAccount'),
      pak: one(request.body, 'pak'),
      licenseType: one(request.body, 'licenseType'),
      formKey: formKeyFrom(ctx, one(request.body, 'formKey')),
    };
    const done = attempt(() =>
      oneTimeForm(session, FORM, form.formKey, (hook) =>
        requestSmartAccountSharing(
          ctx.deps,
          session.sandbox,
          session.user,
          {
            smartAccount: form.smartAccount,
            ...(form.virtualAccount.trim() ? { virtualAccount: form.virtualAccount } : {}),
            pak: form.pak,
            licenseType: form.licenseType as LicenseType,
          },
          hook,
        ),
      ),
    );
    if (!done.ok) return page(request, reply, form, done.errors, done.status);
    return reply.redirect(`${UI_PREFIX}/smart-account-requests/${encodeURIComponent(form.formKey)}`, 303);
  });

  app.get<{ Params: { key: string } }>('/smart-account-requests/:key', guard, async (request, reply) => {
    const status = storedResult(request.portal as PortalSession, FORM, request.params.key);
    return render(
      ctx,
      request,
      reply,
      'smart-account-request-status',
      { status },
      { title: 'AnyConnect Smart License Sharing Request', nav: 'home' },
    );
  });
}
