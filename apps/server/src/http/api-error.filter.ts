import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { LOGGER } from '../tokens.js';
import type { Logger } from '../logger.js';
import { domainErrorBody, errorBody, httpErrorBody, type JsonResponse } from './api-error.js';
import { DomainError } from './domain-error.js';

interface RequestLike {
  method?: string;
  url?: string;
}

/**
 * The one exception filter: a domain refusal (DomainError) and any HttpException answer in the API's one error
 * shape (ApiErrorBody); anything else is a fault of the server, logged with its request and answered 500 without
 * its details.
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly log: Logger) {}

  catch(e: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw e;
    const http = host.switchToHttp();
    const res = http.getResponse<JsonResponse & { headersSent?: boolean }>();
    if (res.headersSent) return;
    if (e instanceof DomainError) {
      res.status(e.status).json(domainErrorBody(e));
      return;
    }
    if (e instanceof HttpException) {
      res.status(e.getStatus()).json(httpErrorBody(e));
      return;
    }
    const req = http.getRequest<RequestLike>();
    this.log.error({ err: e, method: req.method, url: req.url }, 'request failed');
    res.status(500).json(errorBody(500, [], undefined, 'internal error; the server logged it'));
  }
}
