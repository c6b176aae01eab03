import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Role } from '../db/schema.js';
import type { AppContext } from '../core/context.js';
import type { Locale } from '../core/i18n.js';

/** The Fastify instance with TypeBox types, as every routes file receives it. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

type Strings = { [key: string]: string | Strings };

/**
 * What a capability adds to gridgov, in one place (Decidim's component manifest): its routes,
 * its permission table and its strings. The server registers every manifest in `modules.ts`.
 */
export interface ModuleManifest {
  name: string;
  /** Registers the module's routes; paths are absolute (`/api/...`). */
  routes(app: App, ctx: AppContext): void | Promise<void>;
  /** Action → roles allowed; scope is checked per record by the service. */
  policy?: Record<string, readonly Role[]>;
  /** Server-side strings (its own namespace, and `reasons.*` it adds), e.g. from `locales/{zh-CN,en}.json` beside the manifest. */
  strings?: Record<Locale, Strings>;
}
