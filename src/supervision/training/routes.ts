import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { auditContext, requireActor } from '../../core/http/guard.js';
import type { SharingActor } from '../../sharing/workflow/types.js';
import * as S from './schema.js';
import './messages.js';

const tags = ['supervision'];

function actor(request: FastifyRequest): SharingActor {
  const a = requireActor(request);
  return { ...auditContext(request), kind: a.kind, roles: a.roles, systemId: a.systemId ?? null };
}

/** 培训 (R24, 第二十三条) under /api/v1/supervision/training: thin — validate, build the actor, call the service. */
export const trainingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const svc = () => app.platform.training;
  const base = '/supervision/training';

  app.get(
    `${base}/sessions`,
    {
      schema: {
        tags,
        summary: 'Training sessions (培训场次), newest first; by half-year, year, topic or a unit that took part',
        description: 'The authority, administrators, supervisors, the leadership group; units\' data stewards (attendance counts of the own unit only).',
        querystring: S.ListQuery,
        response: { 200: S.SessionList, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => svc().listSessions(actor(request), request.query),
  );

  app.post(
    `${base}/sessions`,
    {
      schema: {
        tags,
        summary: 'Record a training session (the IT authority, administrators)',
        body: S.SessionBody,
        response: { 201: S.SessionDetail, ...S.problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const s = await svc().createSession(actor(request), request.body);
      reply.header('location', `/api/v1${base}/sessions/${s.id}`);
      return reply.code(201).send(s);
    },
  );

  app.get(
    `${base}/sessions/:id`,
    {
      schema: {
        tags,
        summary: 'One session with its attendance (a unit\'s steward: the own unit\'s attendance)',
        params: S.IdParams,
        response: { 200: S.SessionDetail, ...S.problems(401, 403, 404) },
      },
    },
    async (request) => svc().getSession(actor(request), request.params.id),
  );

  app.patch(
    `${base}/sessions/:id`,
    {
      schema: { tags, summary: 'Edit a session (the IT authority, administrators)', params: S.IdParams, body: S.SessionPatch, response: { 200: S.SessionDetail, ...S.problems(400, 401, 403, 404, 409) } },
    },
    async (request) => svc().updateSession(actor(request), request.params.id, request.body),
  );

  app.delete(
    `${base}/sessions/:id`,
    {
      schema: {
        tags,
        summary: 'Delete a session recorded by mistake, with its attendance (the IT authority, administrators)',
        params: S.IdParams,
        response: { 204: S.NoContent, ...S.problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await svc().deleteSession(actor(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${base}/sessions/:id/attendance`,
    {
      schema: {
        tags,
        summary: 'Add attendance: users of a unit, or named persons without an account; all or nothing',
        description: 'A person is recorded once per session (409 on a duplicate).',
        params: S.IdParams,
        body: S.AttendanceBody,
        response: { 200: S.SessionDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc().addAttendance(actor(request), request.params.id, request.body.entries),
  );

  app.post(
    `${base}/sessions/:id/attendance/unit`,
    {
      schema: {
        tags,
        summary: 'Add every sharing-staff account (unit_steward / unit_user) of a unit not yet recorded at the session',
        params: S.IdParams,
        body: S.UnitStaffBody,
        response: { 200: S.SessionDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc().addUnitStaff(actor(request), request.params.id, request.body),
  );

  app.post(
    `${base}/sessions/:id/attendance/csv`,
    {
      schema: {
        tags,
        summary: 'Import attendance from CSV text; all or nothing',
        params: S.IdParams,
        body: S.CsvBody,
        response: { 200: S.SessionDetail, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => svc().importAttendanceCsv(actor(request), request.params.id, request.body.csv),
  );

  app.patch(
    `${base}/sessions/:id/attendance/:attendanceId`,
    {
      schema: {
        tags,
        summary: 'Correct one attendance record (attended, result, certificate, sharing staff)',
        params: S.AttendanceParams,
        body: S.AttendancePatch,
        response: { 200: S.Attendance, ...S.problems(400, 401, 403, 404) },
      },
    },
    async (request) => svc().updateAttendance(actor(request), request.params.id, request.params.attendanceId, request.body),
  );

  app.delete(
    `${base}/sessions/:id/attendance/:attendanceId`,
    {
      schema: {
        tags,
        summary: 'Remove one attendance record',
        params: S.AttendanceParams,
        response: { 204: S.NoContent, ...S.problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await svc().removeAttendance(actor(request), request.params.id, request.params.attendanceId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${base}/coverage`,
    {
      schema: {
        tags,
        summary: 'Half-year training coverage (半年度培训覆盖): every unit, flagging those with no trained sharing staff (第二十三条)',
        description: 'City-wide for the authority, administrators, supervisors, the leadership group; a unit\'s steward gets the own unit\'s row.',
        querystring: S.CoverageQuery,
        response: { 200: S.Coverage, ...S.problems(400, 401, 403) },
      },
    },
    async (request) => svc().coverage(actor(request), request.query.half),
  );
};
