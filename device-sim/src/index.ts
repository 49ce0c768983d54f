export { SimDevice, type SimDeviceSpec } from './device.js';
export { startFleet, type FleetRunOptions, type RunningFleet } from './fleet-runner.js';
export { Rng, deviceSeed } from './rng.js';
export { shiftLoad, scheduleLoad, SCHEDULES, CLASS_SCHEDULE, type ScheduleSpec } from './schedule.js';
export { MODELS } from './models/index.js';
export { Regime, resolveRegime, type OperatingPoint, type RegimeLibrary, type RegimeDevice } from './regime/regime.js';
export {
  regimePreset,
  merge as mergeRegime,
  PRESET_NAMES,
  DEFAULT_METER_CLASS,
  CN_HOLIDAYS_2026,
} from './regime/presets.js';
export { Calendar, type PlanPoint } from './regime/calendar.js';
export { ambientAt } from './regime/ambient.js';
export { Meters } from './regime/meters.js';
export { parseDuration, formatOffset } from './duration.js';
export * from './faults/index.js';
export * from './fleet/fleet-file.js';
export { generateFleet, type GenerateOptions } from './fleet/generate.js';
export * from './record/recording.js';
export { startRecorder, type Recorder, type RecorderOptions } from './record/recorder.js';
export { replay, type ReplayOptions, type ReplayResult } from './record/replay.js';
export { remapMessage, parseMapping, type Remap } from './record/remap.js';
export { importCsv } from './record/csv-import.js';
export { generateRecording, recordingText } from './record/generate.js';
export * from './scenario/scenario-file.js';
export * from './scenario/match.js';
export {
  runScenario,
  scenarioDevices,
  type ScenarioRunOptions,
  type ScenarioRunResult,
  type ScenarioHandle,
} from './scenario/run.js';
export { verifyScenario, type VerifyOptions, type VerifyResult } from './scenario/verify.js';
export { runLoad, formatProgress, type LoadOptions, type LoadSummary, type LoadProgress } from './load/run.js';
export { DeviceSender, type SenderStats } from './mqtt/sender.js';
export { ConnectRefusedError } from './mqtt/connect.js';
