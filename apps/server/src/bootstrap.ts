import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { createLogger, type Logger } from './logger.js';
import { logUnhandledRejections } from './process-handlers.js';
import { accessLog } from './http/access-log.js';
import { useJsonBodyLimits } from './http/body-limits.js';
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
  useJsonBodyLimits(app);
  app.useStaticAssets(SWAGGER_UI_DIR, { prefix: SWAGGER_UI_PATH, index: false });
  if (existsSync(CONSOLE_DIR)) app.useStaticAssets(CONSOLE_DIR);
  else log.warn({ dir: CONSOLE_DIR }, 'console not built; run npm run build');
  await app.init();
  return app;
}

export async function bootstrap(config: AppConfig): Promise<NestExpressApplication> {
  const log = createLogger(config.logLevel);
  logUnhandledRejections(process, log);
  const app = await createApp(config, log);
  await app.listen(config.httpPort, config.httpHost);
  const url = await app.getUrl();
  log.info({ url }, 'qinwatt ready');
  return app;
}
