import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auditContext, requireActor } from '../http/guard.js';
import { AppError, forbidden } from '../errors.js';
import { isValidDate } from './dates.js';
import { can } from './policy.js';
import { MAX_YEAR, MIN_YEAR } from './service.js';

const Day = Type.Object(
  {
    day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' }),
    kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')], { description: 'holiday: a weekday off; workday: an adjusted working day (调休) on a weekend' }),
    name: Type.String({ minLength: 1, maxLength: 50 }),
  },
  { additionalProperties: false },
);
const YearParams = Type.Object({ year: Type.Integer({ minimum: MIN_YEAR, maximum: MAX_YEAR }) });
const YearBody = Type.Object({ days: Type.Array(Day, { maxItems: 366 }) }, { additionalProperties: false });
const YearResponse = Type.Object({ year: Type.Integer(), days: Type.Array(Day) });
const AddQuery = Type.Object(
  { from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), days: Type.Integer({ minimum: 0, maximum: 3650 }) },
  { additionalProperties: false },
);

export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { platform } = app;
  const tags = ['calendar'];

  app.get(
    '/calendar/:year',
    { schema: { tags, summary: "A year's holidays and adjusted working days", params: YearParams, response: { 200: YearResponse } } },
    async (request) => {
      const actor = requireActor(request);
      if (!can(actor, 'calendar.read')) throw forbidden();
      return { year: request.params.year, days: await platform.calendar.getYear(request.params.year) };
    },
  );

  app.put(
    '/calendar/:year',
    {
      schema: {
        tags,
        summary: "Replace a year's holidays and adjusted working days",
        params: YearParams,
        body: YearBody,
        response: { 200: YearResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!can(actor, 'calendar.update')) {
        await platform.audit.append({ ...auditContext(request), action: 'core.calendar.update', targetType: 'calendar_year', targetId: String(request.params.year), result: 'denied' });
        throw forbidden();
      }
      const body = request.body as Static<typeof YearBody>;
      const days = await platform.calendar.setYear(auditContext(request), request.params.year, body.days);
      return { year: request.params.year, days };
    },
  );

  app.get(
    '/calendar/add-working-days',
    {
      schema: {
        tags,
        summary: 'The date N working days after a date',
        querystring: AddQuery,
        response: { 200: Type.Object({ from: Type.String(), days: Type.Integer(), date: Type.String() }) },
      },
    },
    async (request) => {
      requireActor(request);
      const { from, days } = request.query;
      if (!isValidDate(from)) throw new AppError(400, 'invalid_date', 'calendar.invalid_date', { date: from });
      return { from, days, date: await platform.calendar.addWorkingDays(from, days) };
    },
  );
};
