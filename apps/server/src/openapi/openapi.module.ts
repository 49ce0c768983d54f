import { Module } from '@nestjs/common';
import { OpenApiController } from './openapi.controller.js';

/** The API's OpenAPI document and its browsable page. */
@Module({ controllers: [OpenApiController] })
export class OpenApiModule {}
