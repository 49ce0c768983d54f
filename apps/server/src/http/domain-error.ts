import type { ApiProblem, ApiProblemCode } from '#contracts';

/**
 * A refusal the domain knows how to name: its HTTP status, a reason code, and the problems behind it. Services throw
 * it; the one exception filter (api-error.filter.ts) answers it in the API's error shape, so no controller translates.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** the refusal's reason code, for routes that answer with one (the simulator's controls) */
    readonly reason?: string,
    /** every problem found; one whole-request problem when not given */
    readonly problems: ApiProblem[] = [],
    /** the code of the whole-request problem when `problems` is empty */
    readonly code?: ApiProblemCode,
  ) {
    super(message);
  }
}
