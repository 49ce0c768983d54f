import { Module } from '@nestjs/common';
import { Metrics } from './metrics.js';

/** The Prometheus registry every capability counts into. */
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
