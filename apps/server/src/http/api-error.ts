import { BadRequestException, HttpException } from '@nestjs/common';
import type { ApiErrorBody, ApiProblem } from '#contracts';

/** The part of Express's response the error answers use. */
export interface JsonResponse {
  status(code: number): { json(body: unknown): unknown };
}

/** A 400 carrying every problem found, in the API's one error shape. */
export function badRequest(problems: ApiProblem[]): BadRequestException {
  const body: ApiErrorBody = {
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((p) => p.message),
    problems,
  };
  return new BadRequestException(body);
}

/** Any 400/413 as the API's one error shape: problems kept when given, else each message as an INVALID problem. */
export function apiErrorBody(e: HttpException): ApiErrorBody {
  const status = e.getStatus();
  const r = e.getResponse() as
    string | { message?: string | string[]; error?: string; problems?: ApiProblem[]; reason?: string };
  if (typeof r === 'object' && Array.isArray(r.problems)) return { ...(r as ApiErrorBody), statusCode: status };
  // a reason-coded refusal (the simulator's controls) keeps its reason code beside the problems
  const reason = typeof r === 'object' && typeof r.reason === 'string' ? r.reason : undefined;
  // older answers carried their words in `message` (Nest's) or in `error` (the alert actions')
  const message = typeof r === 'string' ? r : (r.message ?? r.error ?? e.message);
  const messages = Array.isArray(message) ? message : [message];
  return {
    statusCode: status,
    error: status === 413 ? 'Payload Too Large' : 'Bad Request',
    message,
    ...(reason ? { reason } : {}),
    problems: messages.map((m) => ({ path: '', code: 'INVALID', message: m })),
  };
}
