import { HttpException } from '@nestjs/common';
import type { SimControlErrorBody, SimControlReason } from '#contracts';

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

/** A refused control request, reason-coded; the controller answers it as `SimControlErrorBody`. */
export class ControlError extends Error {
  constructor(
    readonly reason: SimControlReason,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.reason];
  }

  toHttp(): HttpException {
    const body: SimControlErrorBody = { statusCode: this.status, reason: this.reason, message: this.message };
    return new HttpException(body, this.status);
  }
}

/** Rethrows a ControlError as its HTTP answer; anything else is a server fault and goes on as it is. */
export const toHttp = (e: unknown): never => {
  throw e instanceof ControlError ? e.toHttp() : e;
};
