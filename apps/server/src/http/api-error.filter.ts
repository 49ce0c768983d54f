import { Catch, HttpException, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { apiErrorBody, type JsonResponse } from './api-error.js';

/** Every 400 and 413 the API answers has one shape (ApiErrorBody); other errors are Nest's as before. */
@Catch()
export class ApiErrorFilter extends BaseExceptionFilter {
  override catch(e: unknown, host: ArgumentsHost): void {
    if (host.getType() === 'http' && e instanceof HttpException && [400, 413].includes(e.getStatus())) {
      host.switchToHttp().getResponse<JsonResponse>().status(e.getStatus()).json(apiErrorBody(e));
      return;
    }
    super.catch(e, host);
  }
}
