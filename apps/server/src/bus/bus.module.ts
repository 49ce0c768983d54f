import { Module } from '@nestjs/common';
import { ReadingsBus } from './readings-bus.js';

/** The readings bus: accepted readings, from ingest to the live console, detection and the ledger. */
@Module({ providers: [ReadingsBus], exports: [ReadingsBus] })
export class BusModule {}
