import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { rolesOf } from './config/roles.js';
import { createLogger, type Logger } from './logger.js';
import { logUnhandledRejections } from './process-handlers.js';
import { accessLog } from './http/access-log.js';
import { useJsonBodyLimits } from './http/body-limits.js';
import { probesOnly } from './http/probes-only.js';
import { listRoutes } from './http/routes.js';
import { RedisStreamsIoAdapter } from './live/redis-streams.adapter.js';
import { SharedRedis } from './redis/redis.module.js';
import { SWAGGER_UI_PATH } from './openapi/openapi.controller.js';

/** Where the built console lives relative to the compiled server (dist/apps/server/src → dist/console). */
const CONSOLE_DIR = fileURLToPath(new URL('../../../console/', import.meta.url));
/** Swagger UI's files, served from the installed package: the API page loads nothing from elsewhere */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The application with its routes registered and its modules started, not yet listening. */
export async function createApp(config: AppConfig, log: Logger): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, log), {
    logger: ['error', 'warn'],
    // JSON bodies are parsed with a size and a depth limit (http/body-limits.ts); no other body type is parsed
    bodyParser: false,
  });
  app.use(accessLog(log));
  const roles = rolesOf(config);
  // a process without the api role answers its probes only: people and integrations talk to the api processes
  if (!roles.api) app.use(probesOnly(roles.names));
  useJsonBodyLimits(app);
  if (roles.api) {
    app.useStaticAssets(SWAGGER_UI_DIR, { prefix: SWAGGER_UI_PATH, index: false });
    if (existsSync(CONSOLE_DIR)) app.useStaticAssets(CONSOLE_DIR);
    else log.warn({ dir: CONSOLE_DIR }, 'console not built; run npm run build');
  }
  // beside other processes, the live gateway emits through Redis so every api process's consoles receive it
  const redis = app.get(SharedRedis).client;
  if (redis) app.useWebSocketAdapter(new RedisStreamsIoAdapter(app, redis));
  await app.init();
  return app;
}

export async function bootstrap(config: AppConfig): Promise<NestExpressApplication> {
  const log = createLogger(config.logLevel);
  logUnhandledRejections(process, log);
  const app = await createApp(config, log);
  await app.listen(config.httpPort, config.httpHost);
  const url = await app.getUrl();
  log.info({ routes: listRoutes(app.getHttpAdapter().getInstance()) }, 'routes');
  log.info({ url, roles: rolesOf(config).names }, 'qinwatt ready');
  return app;
}
