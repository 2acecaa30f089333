/**
 * The user's service contracts (with their start and end dates: "it is your responsibility to keep
 * track of the expiration date") and linking one to the Cisco.com ID; and the lost-PAK search ("What
 * happens if I lose my Product Activation Key?"), by sales order or by a serial it was registered to.
 * The same services as GET /api/v1/contracts, POST /api/v1/contracts/:number/link and
 * GET /api/v1/paks/search.
 */
import type { FastifyInstance } from 'fastify';
import { findLostPaks, linkContract, listContracts } from '../../services/lifecycle.js';
import type { PortalSession } from '../auth.js';
import type { RouteContext } from '../context.js';
import { attempt, one, type FormBody } from './forms.js';
import { hidden, render } from './render.js';
import { signedIn, UI_PREFIX } from './session.js';

export function contractPages(app: FastifyInstance, ctx: RouteContext): void {
  const guard = { ...hidden, preHandler: signedIn };

  const contractsPage = (
    request: Parameters<typeof render>[1],
    reply: Parameters<typeof render>[2],
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const { sandbox, user } = request.portal as PortalSession;
    return render(
      ctx,
      request,
      reply,
      'contracts',
      { contracts: listContracts(sandbox, user), ...extra },
      { title: 'Contracts', nav: 'contracts', status },
    );
  };

  app.get<{ Querystring: { linked?: string } }>('/contracts', guard, async (request, reply) =>
    contractsPage(request, reply, { linked: request.query.linked ?? null }),
  );

  // Post/Redirect/Get: a linked contract shows on the list it redirects to.
  app.post<{ Body: FormBody }>('/contracts/link', guard, async (request, reply) => {
    const { sandbox, user } = request.portal as PortalSession;
    const number = one(request.body, 'number');
    const result = attempt(() => linkContract(sandbox, user, number));
    if (!result.ok) return contractsPage(request, reply, { number, errors: result.errors }, result.status);
    return reply.redirect(`${UI_PREFIX}/contracts?linked=${encodeURIComponent(result.value.number)}`, 303);
  });

  app.get<{ Querystring: { salesOrder?: string; serial?: string } }>(
    '/paks/search',
    guard,
    async (request, reply) => {
      const { sandbox, user } = request.portal as PortalSession;
      const salesOrder = request.query.salesOrder?.trim() || undefined;
      const serial = request.query.serial?.trim() || undefined;
      const asked = salesOrder !== undefined || serial !== undefined;
      const found = asked ? attempt(() => findLostPaks(sandbox, user, { salesOrder, serial })) : null;
      return render(
        ctx,
        request,
        reply,
        'lost-pak',
        {
          salesOrder: salesOrder ?? '',
          serial: serial ?? '',
          paks: found?.ok ? found.value : null,
          errors: found && !found.ok ? found.errors : {},
        },
        { title: 'Find a lost PAK', nav: 'home', status: found && !found.ok ? found.status : 200 },
      );
    },
  );
}
