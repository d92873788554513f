import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Actor } from '../core/actor.js';
import { AppError, forbidden } from '../core/errors.js';
import { auditContext, requireActor } from '../core/http/guard.js';
import { requestLang } from '../core/http/problem.js';
import { translate } from '../core/i18n.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth.js';
import { TOKEN_SCOPES } from './model.js';
import { can, type OrgAction, type OrgTarget } from './policy.js';
import { presentMe, presentSystem, presentToken, presentUnit, presentUser } from './presenters.js';
import type { User } from './model.js';
import * as S from './schema.js';
import './messages.js';

const NoContent = Type.Null({ description: 'No content' });
/** Body keys a unit's steward may change on their own unit (R25); anything else needs unit.update. */
const CONTACT_FIELDS = new Set(['responsiblePerson', 'contacts']);
const LOGIN_LIMIT_PER_MINUTE = 20;

export const orgRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { platform } = app;
  const org = platform.org;

  /** Deny by default: a 403 problem, and the attempt goes into the audit log. */
  async function authorize(request: FastifyRequest, action: OrgAction, target?: OrgTarget & { type?: string; id?: string | null }): Promise<Actor> {
    const actor = requireActor(request);
    if (can(actor, action, target)) return actor;
    await platform.audit.append({
      ...auditContext(request),
      action: `org.${action}`,
      targetType: target?.type ?? action.split('.')[0],
      targetId: target?.id ?? null,
      result: 'denied',
      detail: target?.unitId ? { unitId: target.unitId } : null,
    });
    throw forbidden();
  }

  /**
   * For lists that some actors may see across all units and others only for their own unit:
   * returns the unit filter to apply (undefined = all), or denies.
   */
  async function listScope(request: FastifyRequest, action: OrgAction, askedUnitId: string | undefined): Promise<string | undefined> {
    const actor = requireActor(request);
    if (can(actor, action, askedUnitId ? { unitId: askedUnitId } : undefined)) return askedUnitId;
    if (!askedUnitId && actor.unitId && can(actor, action, { unitId: actor.unitId })) return actor.unitId;
    await authorize(request, action, { unitId: askedUnitId ?? null });
    return askedUnitId;
  }

  const must = <T>(value: T | null, what: 'unit' | 'user' | 'system' | 'token', id: string): T => {
    if (!value) throw new AppError(404, 'not_found', `org.${what}.not_found`, { id });
    return value;
  };

  function setSessionCookies(reply: FastifyReply, token: string, csrfToken: string, expiresAt: string): void {
    const base = { path: '/', sameSite: 'strict' as const, secure: platform.config.cookieSecure, expires: new Date(expiresAt) };
    reply.setCookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
    // Readable by the portal's JavaScript, which echoes it in X-CSRF-Token.
    reply.setCookie(CSRF_COOKIE, csrfToken, { ...base, httpOnly: false });
  }

  function clearSessionCookies(reply: FastifyReply): void {
    const base = { path: '/', sameSite: 'strict' as const, secure: platform.config.cookieSecure };
    reply.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
    reply.clearCookie(CSRF_COOKIE, base);
  }

  function meOfUser(user: User, extra: { csrfToken?: string; sessionId?: string }) {
    const actor: Actor = {
      kind: 'user',
      id: user.id,
      name: user.username,
      userId: user.id,
      unitId: user.unitId,
      roles: user.roles,
      scopes: [...TOKEN_SCOPES],
      sessionId: extra.sessionId,
      csrfToken: extra.csrfToken,
      via: extra.csrfToken ? 'cookie' : 'bearer',
    };
    return presentMe(actor, { displayName: user.displayName, unitName: user.unitName });
  }

  // ---------------------------------------------------------------- auth

  app.post(
    '/auth/login',
    {
      config: {
        // Stricter than the global limit: guessing passwords is the abuse to slow down.
        rateLimit: { max: Math.min(LOGIN_LIMIT_PER_MINUTE, Math.max(platform.config.rateLimitPerMinute, 1)), timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password',
        description: 'Returns a bearer token for the new session and sets the gs_session (httpOnly) and gs_csrf cookies.',
        security: [],
        body: S.LoginBody,
        response: { 200: S.LoginResponse, ...S.problems(400, 401, 403, 423, 429) },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      let result;
      try {
        result = await org.login(auditContext(request), username, password);
      } catch (e) {
        if (e instanceof AppError && e.code === 'account_locked') return sendLocked(request, reply, e);
        throw e;
      }
      setSessionCookies(reply, result.token, result.csrfToken, result.expiresAt);
      return {
        token: result.token,
        csrfToken: result.csrfToken,
        expiresAt: result.expiresAt,
        user: meOfUser(result.user, { csrfToken: result.csrfToken, sessionId: result.session.id }),
      };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the current session and clear its cookies',
        response: { 204: NoContent, ...S.problems(403) },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor?.sessionId) await org.logout(auditContext(request), actor.sessionId);
      clearSessionCookies(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    { schema: { tags: ['auth'], summary: 'Who the caller is', response: { 200: S.Me, ...S.problems(401) } } },
    async (request) => {
      const actor = requireActor(request);
      if (actor.kind === 'user') {
        const user = must(await org.getUser(actor.id), 'user', actor.id);
        return presentMe(actor, { displayName: user.displayName, unitName: user.unitName });
      }
      const system = actor.systemId ? await org.getSystem(actor.systemId) : null;
      return presentMe(actor, { displayName: system?.name ?? actor.name, unitName: system?.unitName ?? null });
    },
  );

  app.post(
    '/me/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (ends your other sessions)',
        body: S.ChangePasswordBody,
        response: { 204: NoContent, ...S.problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (actor.kind !== 'user') throw forbidden('org.auth.users_only');
      await org.changeOwnPassword(auditContext(request), actor.id, request.body.currentPassword, request.body.newPassword, { keepSessionId: actor.sessionId });
      return reply.code(204).send(null);
    },
  );

  // ---------------------------------------------------------------- units

  app.get(
    '/units',
    { schema: { tags: ['units'], summary: 'List units (机关单位)', querystring: S.UnitListQuery, response: { 200: S.listOf(S.Unit), ...S.problems(400, 401, 403) } } },
    async (request) => {
      await authorize(request, 'unit.read');
      const page = await org.listUnits(request.query);
      return { items: page.items.map(presentUnit), total: page.total };
    },
  );

  app.get(
    '/units/:id',
    { schema: { tags: ['units'], summary: 'One unit', params: S.IdParams, response: { 200: S.Unit, ...S.problems(401, 403, 404) } } },
    async (request) => {
      await authorize(request, 'unit.read', { type: 'unit', id: request.params.id });
      return presentUnit(must(await org.getUnit(request.params.id), 'unit', request.params.id));
    },
  );

  app.post(
    '/units',
    {
      schema: {
        tags: ['units'],
        summary: 'Register a unit',
        body: S.UnitCreateBody,
        response: { 201: S.Unit, ...S.problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      await authorize(request, 'unit.create', { type: 'unit', unitId: request.body.parentId ?? null });
      const unit = await org.createUnit(auditContext(request), request.body);
      return reply.code(201).send(presentUnit(unit));
    },
  );

  app.patch(
    '/units/:id',
    {
      schema: {
        tags: ['units'],
        summary: "Update a unit (a unit's steward may change its responsible person and contacts)",
        params: S.IdParams,
        body: S.UnitPatchBody,
        response: { 200: S.Unit, ...S.problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const unit = must(await org.getUnit(id), 'unit', id);
      const onlyContacts = Object.keys(request.body).every((k) => CONTACT_FIELDS.has(k));
      await authorize(request, onlyContacts ? 'unit.update_contacts' : 'unit.update', { type: 'unit', id, unitId: unit.id });
      return presentUnit(await org.updateUnit(auditContext(request), id, request.body));
    },
  );

  // ---------------------------------------------------------------- users

  app.get(
    '/users',
    { schema: { tags: ['users'], summary: 'List users', querystring: S.UserListQuery, response: { 200: S.listOf(S.User), ...S.problems(400, 401, 403) } } },
    async (request) => {
      const unitId = await listScope(request, 'user.read', request.query.unitId);
      const page = await org.listUsers({ ...request.query, unitId });
      return { items: page.items.map(presentUser), total: page.total };
    },
  );

  app.get(
    '/users/:id',
    { schema: { tags: ['users'], summary: 'One user', params: S.IdParams, response: { 200: S.User, ...S.problems(401, 403, 404) } } },
    async (request) => {
      const user = must(await org.getUser(request.params.id), 'user', request.params.id);
      await authorize(request, 'user.read', { type: 'user', id: user.id, unitId: user.unitId });
      return presentUser(user);
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user',
        body: S.UserCreateBody,
        response: { 201: S.User, ...S.problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      await authorize(request, 'user.create', { type: 'user', unitId: request.body.unitId });
      const user = await org.createUser(auditContext(request), request.body);
      return reply.code(201).send(presentUser(user));
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Update a user (roles, unit, contact details, disable)',
        params: S.IdParams,
        body: S.UserPatchBody,
        response: { 200: S.User, ...S.problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = must(await org.getUser(request.params.id), 'user', request.params.id);
      await authorize(request, 'user.update', { type: 'user', id: user.id, unitId: user.unitId });
      return presentUser(await org.updateUser(auditContext(request), user.id, request.body));
    },
  );

  app.post(
    '/users/:id/password',
    {
      schema: {
        tags: ['users'],
        summary: "Reset a user's password (ends their sessions)",
        params: S.IdParams,
        body: S.ResetPasswordBody,
        response: { 204: NoContent, ...S.problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const user = must(await org.getUser(request.params.id), 'user', request.params.id);
      await authorize(request, 'user.reset_password', { type: 'user', id: user.id, unitId: user.unitId });
      await org.setPassword(auditContext(request), user.id, request.body.password);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/users/:id/unlock',
    {
      schema: {
        tags: ['users'],
        summary: 'Unlock a user locked out by failed sign-ins',
        params: S.IdParams,
        response: { 204: NoContent, ...S.problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const user = must(await org.getUser(request.params.id), 'user', request.params.id);
      await authorize(request, 'user.update', { type: 'user', id: user.id, unitId: user.unitId });
      await org.unlockUser(auditContext(request), user.id);
      return reply.code(204).send(null);
    },
  );

  // ---------------------------------------------------------------- application systems

  app.get(
    '/systems',
    {
      schema: {
        tags: ['systems'],
        summary: 'List application systems (应用系统)',
        querystring: S.SystemListQuery,
        response: { 200: S.listOf(S.AppSystem), ...S.problems(400, 401, 403) },
      },
    },
    async (request) => {
      const unitId = await listScope(request, 'system.read', request.query.unitId);
      const page = await org.listSystems({ ...request.query, unitId });
      return { items: page.items.map(presentSystem), total: page.total };
    },
  );

  app.get(
    '/systems/:id',
    { schema: { tags: ['systems'], summary: 'One application system', params: S.IdParams, response: { 200: S.AppSystem, ...S.problems(401, 403, 404) } } },
    async (request) => {
      const system = must(await org.getSystem(request.params.id), 'system', request.params.id);
      await authorize(request, 'system.read', { type: 'app_system', id: system.id, unitId: system.unitId });
      return presentSystem(system);
    },
  );

  app.post(
    '/systems',
    {
      schema: {
        tags: ['systems'],
        summary: "Register one of a unit's application systems",
        body: S.SystemCreateBody,
        response: { 201: S.AppSystem, ...S.problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      await authorize(request, 'system.create', { type: 'app_system', unitId: request.body.unitId });
      const system = await org.createSystem(auditContext(request), request.body);
      return reply.code(201).send(presentSystem(system));
    },
  );

  app.patch(
    '/systems/:id',
    {
      schema: {
        tags: ['systems'],
        summary: 'Update or disable an application system (disabling stops its tokens)',
        params: S.IdParams,
        body: S.SystemPatchBody,
        response: { 200: S.AppSystem, ...S.problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const system = must(await org.getSystem(request.params.id), 'system', request.params.id);
      await authorize(request, 'system.update', { type: 'app_system', id: system.id, unitId: system.unitId });
      return presentSystem(await org.updateSystem(auditContext(request), system.id, request.body));
    },
  );

  // ---------------------------------------------------------------- API tokens

  app.get(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: "List application systems' API tokens",
        querystring: S.TokenListQuery,
        response: { 200: S.listOf(S.ApiToken), ...S.problems(400, 401, 403) },
      },
    },
    async (request) => {
      const unitId = await listScope(request, 'token.read', request.query.unitId);
      const page = await org.listTokens({ ...request.query, unitId });
      return { items: page.items.map(presentToken), total: page.total };
    },
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: "Issue an API token for an application system (the secret is shown once)",
        body: S.TokenCreateBody,
        response: { 201: S.TokenCreated, ...S.problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const system = await org.getSystem(request.body.systemId);
      await authorize(request, 'token.create', { type: 'app_system', id: request.body.systemId, unitId: system?.unitId ?? null });
      const { token, secret } = await org.createToken(auditContext(request), request.body);
      return reply.code(201).send({ token: presentToken(token), secret });
    },
  );

  app.post(
    '/tokens/:id/revoke',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token (effective immediately)',
        params: S.IdParams,
        response: { 200: S.ApiToken, ...S.problems(401, 403, 404) },
      },
    },
    async (request) => {
      const token = must(await org.getToken(request.params.id), 'token', request.params.id);
      await authorize(request, 'token.revoke', { type: 'api_token', id: token.id, unitId: token.unitId });
      return presentToken(await org.revokeToken(auditContext(request), token.id));
    },
  );
};

/** 423 with `lockedUntil` as a problem member and Retry-After, so clients can tell the user when to retry. */
function sendLocked(request: FastifyRequest, reply: FastifyReply, e: AppError) {
  const lang = requestLang(request);
  const lockedUntil = String(e.params.lockedUntil);
  const seconds = Math.max(1, Math.ceil((Date.parse(lockedUntil) - request.server.platform.clock.now().getTime()) / 1000));
  return reply
    .code(423)
    .header('retry-after', String(seconds))
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `https://govshare.example/problems/${e.code}`,
      title: e.code,
      status: 423,
      detail: translate(e.messageKey, lang, e.params),
      code: e.code,
      instance: request.url.split('?')[0],
      requestId: String(request.id),
      lockedUntil,
    });
}
