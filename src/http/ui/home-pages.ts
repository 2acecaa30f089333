/**
 * Home (the Get New Licenses box, the Get Other Licenses menu), the terms, the demo license, and the
 * menu entries the simulator does not model.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEMO_LICENSE_PRODUCT } from '../../domain/ledger.js';
import { requestDemoLicense } from '../../services/demo-licenses.js';
import type { PortalSession } from '../auth.js';
import type { RouteContext } from '../context.js';
import { attempt, checked, one, type FieldErrors, type FormBody } from './forms.js';
import { hidden, render } from './render.js';
import { formKeyFrom, newFormKey, oneTimeForm, storedResult } from './one-time.js';
import { signedIn, UI_PREFIX } from './session.js';

const DEMO_FORM = 'demo';

interface MenuEntry {
  label: string;
  href: string;
  modelled: boolean;
}

const NOT_MODELLED: Record<string, string> = {
  'telepresence-release-key': 'TelePresence Software Release Key...',
  'telepresence-resend': 'TelePresence License to Resend...',
  'ips-crypto-other': 'IPS, Crypto, Other...',
  'main-to-backup': 'Main to Backup...',
  'rosa-ha-pair': 'Register ROSA HA as Pair...',
  migration: 'Migration...',
};

const notModelled = (slug: string): MenuEntry => ({
  label: NOT_MODELLED[slug] as string,
  href: `/portal/not-modelled/${slug}`,
  modelled: false,
});

/** The FAQ's "Get Other Licenses" menu, in its order. */
export const OTHER_LICENSES: MenuEntry[] = [
  { label: 'Demo and Evaluation...', href: '/portal/demo', modelled: true },
  notModelled('telepresence-release-key'),
  notModelled('telepresence-resend'),
  notModelled('ips-crypto-other'),
  { label: 'Share License Process...', href: '/portal/share', modelled: true },
  notModelled('main-to-backup'),
  notModelled('rosa-ha-pair'),
  notModelled('migration'),
];

/** The home page; the wizard's first step shows it again, with the PAK box's error, on a refusal. */
export function homePage(
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  paks = '',
  errors: FieldErrors = {},
  status = 200,
) {
  return render(
    ctx,
    request,
    reply,
    'home',
    { paks, errors, otherLicenses: OTHER_LICENSES },
    { title: 'License Registration Portal', nav: 'home', status },
  );
}

export function homePages(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/', { ...hidden, preHandler: signedIn }, async (request, reply) => homePage(ctx, request, reply));

  app.get('/terms', hidden, async (request, reply) =>
    render(ctx, request, reply, 'terms', {}, { title: 'Terms of the License Agreement' }),
  );

  app.get<{ Params: { slug: string } }>(
    '/not-modelled/:slug',
    { ...hidden, preHandler: signedIn },
    async (request, reply) => {
      const label = NOT_MODELLED[request.params.slug];
      if (!label) return reply.callNotFound();
      return render(
        ctx,
        request,
        reply,
        'not-modelled',
        { label: label.replace(/\.\.\.$/, '') },
        { title: label, nav: 'home' },
      );
    },
  );

  const demoPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { serial: string; sendTo: string; agree: boolean; formKey: string },
    errors: FieldErrors = {},
    status = 200,
  ) =>
    render(
      ctx,
      request,
      reply,
      'demo',
      { product: DEMO_LICENSE_PRODUCT, form, errors },
      { title: 'Demo and Evaluation', nav: 'home', status },
    );

  app.get('/demo', { ...hidden, preHandler: signedIn }, async (request, reply) =>
    demoPage(request, reply, {
      serial: '',
      sendTo: (request.portal as PortalSession).user.email,
      agree: false,
      formKey: newFormKey(ctx),
    }),
  );

  app.post<{ Body: FormBody }>('/demo', { ...hidden, preHandler: signedIn }, async (request, reply) => {
    const session = request.portal as PortalSession;
    const form = {
      serial: one(request.body, 'serial'),
      sendTo: one(request.body, 'sendTo'),
      agree: checked(request.body, 'agreeToTerms'),
      formKey: formKeyFrom(ctx, one(request.body, 'formKey')),
    };
    const result = attempt(() =>
      oneTimeForm(session, DEMO_FORM, form.formKey, (hook) =>
        requestDemoLicense(
          ctx.deps,
          session.sandbox,
          session.user,
          { serial: form.serial, sendTo: form.sendTo, agreeToTerms: form.agree },
          hook,
        ),
      ),
    );
    if (!result.ok) return demoPage(request, reply, form, result.errors, result.status);
    return reply.redirect(`${UI_PREFIX}/demo/status/${form.formKey}`, 303);
  });

  app.get<{ Params: { key: string } }>(
    '/demo/status/:key',
    { ...hidden, preHandler: signedIn },
    async (request, reply) =>
      render(
        ctx,
        request,
        reply,
        'demo-status',
        { license: storedResult(request.portal as PortalSession, DEMO_FORM, request.params.key) },
        { title: 'License Request Status', nav: 'home' },
      ),
  );
}
