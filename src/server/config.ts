import path from 'node:path';

/** Runtime configuration, read once from the environment. Every key is documented in README.md. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL connection string; SQLite under dataDir when unset. */
  databaseUrl?: string;
  adminPassword?: string;
  demoPassword?: string;
  /** Master secret for field encryption; generated into dataDir when unset. */
  secret?: string;
  mapTileUrl?: string;
  /** The log SMS provider also appends each message as a JSON line here (development and e2e: sign-in codes). */
  smsLogFile?: string;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    adminPassword: env.GRIDGOV_ADMIN_PASSWORD || undefined,
    demoPassword: env.GRIDGOV_DEMO_PASSWORD || undefined,
    secret: env.GRIDGOV_SECRET || undefined,
    mapTileUrl: env.MAP_TILE_URL || undefined,
    smsLogFile: env.GRIDGOV_SMS_LOG_FILE || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
