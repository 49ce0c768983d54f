import type { SimControlReason } from '#contracts';
import { DomainError } from '../http/domain-error.js';

const STATUS: Record<SimControlReason, number> = {
  BAD_REQUEST: 400,
  BAD_RECORDING: 400,
  UPLOAD_TOO_LARGE: 413,
  UNKNOWN_DEVICE: 400,
  NO_CREDENTIALS: 400,
  DEVICE_BUSY: 409,
  TOO_MANY_RUNS: 429,
  NO_SUCH_RUN: 404,
  DEMO_OFF: 404,
};

/** A refused control request, reason-coded; the exception filter answers it in the API's error shape. */
export class ControlError extends DomainError {
  constructor(
    override readonly reason: SimControlReason,
    message: string,
  ) {
    super(STATUS[reason], message, reason);
  }
}
