import { BadRequestException, HttpException } from '@nestjs/common';
import type { ApiErrorBody, ApiProblem, ApiProblemCode } from '#contracts';
import { DomainError } from './domain-error.js';

/** The part of Express's response the error answers use. */
export interface JsonResponse {
  status(code: number): { json(body: unknown): unknown };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};
const CODE_OF_STATUS: Record<number, ApiProblemCode> = { 404: 'NOT_FOUND', 409: 'CONFLICT', 413: 'BODY_TOO_LARGE' };

const statusText = (status: number) => STATUS_TEXT[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
const codeOfStatus = (status: number): ApiProblemCode =>
  CODE_OF_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID');

/** A 400 carrying every problem found, in the API's one error shape. */
export function badRequest(problems: ApiProblem[], reason?: string): BadRequestException {
  return new BadRequestException(errorBody(400, problems, reason));
}

/** The API's error shape from a status and its problems (at least one: a whole-request one when none is given). */
export function errorBody(
  status: number,
  problems: ApiProblem[],
  reason?: string,
  message?: string,
  code?: ApiProblemCode,
): ApiErrorBody {
  const list = problems.length
    ? problems
    : [{ path: '', code: code ?? codeOfStatus(status), message: message ?? statusText(status) }];
  return {
    statusCode: status,
    error: statusText(status),
    // one refusal reads as one sentence; a list of problems as their list
    message: problems.length ? list.map((p) => p.message) : list[0]!.message,
    ...(reason ? { reason } : {}),
    problems: list,
  };
}

/** A domain refusal in the API's error shape. */
export const domainErrorBody = (e: DomainError): ApiErrorBody =>
  errorBody(e.status, e.problems, e.reason, e.message, e.code);

/** Any HttpException (ours or Nest's own: an unknown route, a bad method) in the API's error shape. */
export function httpErrorBody(e: HttpException): ApiErrorBody {
  const status = e.getStatus();
  const r = e.getResponse();
  if (typeof r === 'object' && r !== null && Array.isArray((r as ApiErrorBody).problems))
    return { ...(r as ApiErrorBody), statusCode: status };
  const message = typeof r === 'string' ? r : ((r as { message?: string | string[] }).message ?? e.message);
  const messages = Array.isArray(message) ? message : [message];
  return errorBody(
    status,
    messages.map((m) => ({ path: '', code: codeOfStatus(status), message: m })),
  );
}
