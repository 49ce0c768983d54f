import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApiErrorFilter } from './api-error.filter.js';

/** The HTTP boundary's one exception filter (the validation pipe is per parameter: `zod(Schema)`). */
@Module({ providers: [{ provide: APP_FILTER, useClass: ApiErrorFilter }] })
export class HttpModule {}
