import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { DeadLetterController } from './dead-letter.controller.js';
import { DeadLetterStore } from './dead-letter.store.js';

/** Rejected messages, kept with their reason code and raw bytes, and their API. */
@Module({
  imports: [MetricsModule],
  providers: [DeadLetterStore],
  controllers: [DeadLetterController],
  exports: [DeadLetterStore],
})
export class DeadLetterModule {}
