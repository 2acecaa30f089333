/**
 * Scenarios and classes in the trainer panel. A scenario file is uploaded, checked as `scenario
 * validate` checks it (the same messages), and loaded as SCENARIOS_DIR would load it. A class is N
 * trainee sandboxes from one scenario with their ASAs; its overview reads each trainee's progress
 * and refreshes itself (portal.js fetches the rows; without JavaScript a reload does the same).
 */
import { basename } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ASA_MODELS } from '../../domain/asa-models.js';
import { parseClassRequest } from '../../domain/classroom.js';
import { ScenarioError } from '../../domain/scenario.js';
import { classTrainees, createClass, listClasses } from '../../services/classroom.js';
import { scenarioFromText, scenarioSummary } from '../../services/scenario-files.js';
import type { RouteContext } from '../context.js';
import { attempt, one, uploadFile, type FieldErrors, type FormBody } from './forms.js';
import { hidden, render } from './render.js';
import { isTrainer, UI_PREFIX } from './session.js';

/** A scenario file is text of a few kilobytes; the upload limit leaves room for big classes. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

export function classPages(app: FastifyInstance, ctx: RouteContext): void {
  const trainerOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isTrainer(ctx.adminToken, request)) return reply.redirect(`${UI_PREFIX}/trainer`, 303);
  };
  const guard = { ...hidden, preHandler: trainerOnly };

  const scenariosPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { problems?: string; valid?: { summary: string; upload: string }; errors?: FieldErrors } = {},
    status = 200,
  ) =>
    render(
      ctx,
      request,
      reply,
      'trainer-scenarios',
      {
        scenarios: ctx.sandboxes.scenarioNames().map((s) => ({ name: s.name, source: s.source })),
        errors: {},
        ...extra,
      },
      { title: 'Scenarios', nav: 'trainer', status },
    );

  app.get('/trainer/scenarios', guard, async (request, reply) => scenariosPage(request, reply));

  // The file comes as multipart/form-data (the upload limit is the face's).
  app.post('/trainer/scenarios/validate', guard, async (request, reply) => {
    const file = await uploadFile(request.body, 'file');
    if (!file) return scenariosPage(request, reply, { errors: { file: 'Choose a scenario file' } }, 400);
    if (file.content.length > MAX_SCENARIO_BYTES) {
      return scenariosPage(
        request,
        reply,
        { errors: { file: 'file: a scenario file is at most 1 MB' } },
        413,
      );
    }
    const name = basename(file.filename);
    const text = file.content.toString('utf8');
    try {
      const scenario = scenarioFromText(name, text);
      ctx.sandboxes.checkScenario(scenario);
      const upload = Buffer.from(JSON.stringify({ name, text })).toString('base64');
      return scenariosPage(request, reply, { valid: { summary: scenarioSummary(scenario), upload } });
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      return scenariosPage(request, reply, { problems: err.message }, 400);
    }
  });

  app.post<{ Body: FormBody }>('/trainer/scenarios/create', guard, async (request, reply) => {
    let upload: { name: string; text: string };
    try {
      upload = JSON.parse(
        Buffer.from(one(request.body, 'upload'), 'base64').toString('utf8'),
      ) as typeof upload;
    } catch {
      return scenariosPage(request, reply, { errors: { file: 'Upload the scenario file again' } }, 400);
    }
    try {
      const scenario = scenarioFromText(upload.name, upload.text);
      ctx.sandboxes.loadScenarioFiles([scenario]);
      await ctx.asaSsh?.sync(scenario.id);
      return reply.redirect(
        `${UI_PREFIX}/trainer/sandboxes/${encodeURIComponent(scenario.id)}?done=created`,
        303,
      );
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      return scenariosPage(request, reply, { problems: err.message }, 400);
    }
  });

  const classesPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, string> = {},
    errors: FieldErrors = {},
    status = 200,
  ) =>
    render(
      ctx,
      request,
      reply,
      'trainer-classes',
      {
        classes: listClasses(ctx.sandboxes),
        scenarios: ctx.sandboxes.scenarioNames().map((s) => s.name),
        models: ASA_MODELS.map((m) => m.model),
        form: { scenario: 'demo', model: 'ASA 5516-X', asas: '2', ...form },
        errors,
      },
      { title: 'Classes', nav: 'trainer', status },
    );

  app.get('/trainer/classes', guard, async (request, reply) => classesPage(request, reply));

  app.post<{ Body: FormBody }>('/trainer/classes', guard, async (request, reply) => {
    const form = {
      name: one(request.body, 'name'),
      size: one(request.body, 'size'),
      scenario: one(request.body, 'scenario'),
      asas: one(request.body, 'asas'),
      model: one(request.body, 'model'),
    };
    const made = attempt(() => {
      const req = parseClassRequest(form);
      return {
        name: req.name,
        ids: createClass(ctx.deps, ctx.sandboxes, { ...req, scenario: form.scenario, model: form.model }),
      };
    });
    if (!made.ok) return classesPage(request, reply, form, made.errors, made.status);
    for (const id of made.value.ids) await ctx.asaSsh?.sync(id);
    return reply.redirect(`${UI_PREFIX}/trainer/classes/${encodeURIComponent(made.value.name)}`, 303);
  });

  const trainees = (name: string) =>
    classTrainees(ctx.sandboxes, name).map((t) => ({
      ...t,
      user: t.user ? `${t.user.name} (${t.user.ccoId})` : '',
      token: t.user?.token ?? '',
      link: t.user
        ? `${UI_PREFIX}/sign-in?token=${encodeURIComponent(t.user.token)}`
        : `${UI_PREFIX}/sign-in`,
    }));

  app.get<{ Params: { name: string } }>('/trainer/classes/:name', guard, async (request, reply) =>
    render(
      ctx,
      request,
      reply,
      'trainer-class',
      { name: request.params.name, trainees: trainees(request.params.name) },
      { title: `Class ${request.params.name}`, nav: 'trainer' },
    ),
  );

  // What the overview's table refreshes from: the same rows, as JSON.
  app.get<{ Params: { name: string } }>('/trainer/classes/:name/progress', guard, async (request, reply) =>
    reply.header('cache-control', 'no-store').send({
      trainees: classTrainees(ctx.sandboxes, request.params.name).map((t) => ({
        id: t.id,
        progress: t.progress,
      })),
    }),
  );

  app.get<{ Params: { name: string } }>('/trainer/classes/:name/sheet', guard, async (request, reply) => {
    const origin = `${request.protocol}://${request.headers.host ?? 'localhost'}`;
    return render(
      ctx,
      request,
      reply,
      'class-sheet',
      {
        name: request.params.name,
        base: origin,
        trainees: trainees(request.params.name).map((t) => ({ ...t, absolute: `${origin}${t.link}` })),
      },
      { title: `Sign-in sheet: class ${request.params.name}`, nav: 'trainer' },
    );
  });
}
