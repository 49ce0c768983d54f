import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { createLogger } from './logger.js';
import { ApiErrorFilter } from './http/api-error.filter.js';
import { useJsonBodyLimits } from './http/body-limits.js';

/** Where the built console lives relative to the compiled server (dist/apps/server/src → dist/console). */
const CONSOLE_DIR = fileURLToPath(new URL('../../../console/', import.meta.url));

export async function bootstrap(config: AppConfig): Promise<NestExpressApplication> {
  const log = createLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, log), {
    logger: ['error', 'warn'],
    // JSON bodies are parsed with a size and a depth limit (http/body-limits.ts); no other body type is parsed
    bodyParser: false,
  });
  useJsonBodyLimits(app);
  app.useGlobalFilters(new ApiErrorFilter(log));
  if (existsSync(CONSOLE_DIR)) app.useStaticAssets(CONSOLE_DIR);
  else log.warn({ dir: CONSOLE_DIR }, 'console not built; run npm run build');
  await app.listen(config.httpPort, config.httpHost);
  const url = await app.getUrl();
  log.info({ url }, 'qinwatt ready');
  return app;
}
