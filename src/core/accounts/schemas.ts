import { Type } from 'typebox';
import { Page } from '../schemas.js';

export const RoleEnum = Type.Unsafe<'admin' | 'cadre' | 'secretary' | 'gridWorker' | 'steward' | 'departmentOfficer' | 'orgContact' | 'partyMember' | 'resident' | 'operator'>({
  type: 'string',
  enum: ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'departmentOfficer', 'orgContact', 'partyMember', 'resident', 'operator'],
});

export const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) });

export const ScopeRef = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), level: Type.String(), path: Type.String() });

/** The signed-in user, their scope and what they may do. */
export const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleEnum,
  locale: Type.String(),
  csrfToken: Type.Union([Type.String({ description: 'Send as X-CSRF-Token on cookie-authenticated writes' }), Type.Null()]),
  scopes: Type.Array(ScopeRef),
  permissions: Type.Array(Type.String()),
});

export const LoginResult = Type.Object({
  token: Type.String({ description: 'Session token for Authorization: Bearer' }),
  csrfToken: Type.String(),
  expiresAt: Type.String(),
  user: Me,
});

export const UserCreateBody = Type.Object({
  username: Type.String({ minLength: 3, maxLength: 64 }),
  password: Type.String({ minLength: 8, maxLength: 256 }),
  displayName: Type.Optional(Type.String({ maxLength: 64 })),
  role: RoleEnum,
  scope: Type.Optional(Type.Array(Type.String(), { description: 'Grid codes or ids of the subtrees this user governs' })),
  personId: Type.Optional(Type.String()),
  locale: Type.Optional(Type.Unsafe<'zh-CN' | 'en'>({ type: 'string', enum: ['zh-CN', 'en'] })),
});

export const UserSummary = Type.Object({
  id: Type.String(),
  username: Type.String(),
  display_name: Type.String(),
  role: Type.String(),
  person_id: Type.Union([Type.String(), Type.Null()]),
  locale: Type.String(),
  is_active: Type.Integer(),
  created_at: Type.String(),
  last_login_at: Type.Union([Type.String(), Type.Null()]),
});

export const UserQuery = Type.Intersect([Type.Object({ role: Type.Optional(RoleEnum), q: Type.Optional(Type.String({ maxLength: 64 })) }), Page]);

export const ApiKey = Type.Object({
  id: Type.String(),
  userId: Type.Optional(Type.String()),
  name: Type.String(),
  prefix: Type.String(),
  key: Type.Optional(Type.String({ description: 'Shown once, at creation' })),
  createdAt: Type.String(),
  revokedAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  lastUsedAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

export const ApiKeyCreateBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });

export const ClientConfig = Type.Object({ mapTileUrl: Type.Union([Type.String(), Type.Null()]), version: Type.String() });
