/**
 * The simulator's fault models and the platform's simulator-control API (/api/sim): shared by the simulator,
 * the server module that hosts it and the console that will drive it.
 */
export const FAULT_TYPES = {
  efficiency_step: 'efficiency falls at once by `drop` (0.05 = 5 %)',
  degradation: 'efficiency falls gradually by `perDay` (0.01 = 1 % per day of data time)',
  sensor_stuck: '`metric` (or every metric) repeats its last value',
  sensor_spike: '`metric` is multiplied by `factor` (default 5) on every `every`-th reading (default 1)',
  dropout: 'readings are not sent; with `metric`, only that metric is left out',
  clock_skew: 'timestamps are shifted by `skew` (e.g. 10m, or -2h as a string)',
  duplicate: 'each reading is sent twice',
  late: 'readings are sent `delay` after their data time (e.g. 10m), out of order',
  malformed: 'payloads are broken: `mode` json (truncated), schema (bare numbers), unit (unknown unit)',
  wrong_credentials: 'the device connects with a wrong password',
} as const;
export type FaultType = keyof typeof FAULT_TYPES;

/** A fault as written in a scenario file or sent to the control API. Times are offsets from the run start. */
export interface FaultSpec {
  type: FaultType;
  device: string;
  plant?: string;
  /** when it starts: data-time offset from the run start (10m, 2h), or absolute epoch ms as `atTs` */
  at?: string | number;
  atTs?: number;
  /** when it ends (offset); absent = until the run stops */
  until?: string | number;
  drop?: number;
  perDay?: number;
  metric?: string;
  factor?: number;
  every?: number;
  skew?: string | number;
  delay?: string | number;
  mode?: 'json' | 'schema' | 'unit';
}

/** A fault resolved against a run: absolute data times (`to` null = open-ended in JSON), numbers checked. */
export interface ActiveFault {
  id: string;
  type: FaultType;
  device: string;
  plant?: string;
  from: number;
  to: number;
  drop: number;
  perDay: number;
  metric?: string;
  factor: number;
  every: number;
  skewMs: number;
  delayMs: number;
  mode: 'json' | 'schema' | 'unit';
}

export type SimRunKind = 'scenario' | 'replay';
export type SimRunState = 'running' | 'done' | 'stopped' | 'failed';

/** GET /api/sim/runs/:id, and each item of GET /api/sim/runs. */
export interface SimRunInfo {
  id: string;
  kind: SimRunKind;
  name: string;
  state: SimRunState;
  /** wall-clock epoch ms */
  startedAt: number;
  endedAt?: number;
  /** sent / acknowledged counts and data-time span, once known */
  result?: Record<string, unknown>;
  error?: string;
  faults?: ActiveFault[];
}

/** GET /api/sim/runs */
export interface SimStatus {
  /** the platform's MQTT broker port (TCP), where simulators and `device-sim verify` publish */
  mqttPort: number;
  demo: { runId: string; devices: number; faults: ActiveFault[] } | null;
  runs: SimRunInfo[];
}

/** POST /api/sim/scenarios: a scenario document, as in a scenario YAML file. */
export interface StartScenarioRequest {
  scenario: Record<string, unknown>;
}

/** POST /api/sim/faults: inject into the demo plant (runId 'demo', the default) or a running scenario. */
export interface InjectFaultRequest {
  runId?: string;
  fault: FaultSpec;
}

/** Why the simulator-control API refused a request: the `reason` of its error body. */
export const SIM_CONTROL_REASONS = {
  BAD_REQUEST: 'the request is not what the endpoint takes (the message says what)',
  BAD_RECORDING: 'the uploaded recording or CSV cannot be read (the message names the line)',
  UPLOAD_TOO_LARGE: 'the upload is larger than the limit; replay larger recordings with the device-sim CLI',
  UNKNOWN_DEVICE: 'the run targets a device or gateway the platform does not know; register it or map it (map=old=new)',
  NO_CREDENTIALS: 'the fleet file holds no secret for a target, so the platform cannot log in as it',
  DEVICE_BUSY: 'another running scenario or replay drives this device; stop it first',
  TOO_MANY_RUNS: 'the platform runs a bounded number of scenarios, replays and uploads at once; stop one or wait',
  NO_SUCH_RUN: 'no run with this id (finished runs are kept a while, then forgotten)',
  DEMO_OFF: 'the demo plant is not running (QW_DEMO=false)',
} as const;
export type SimControlReason = keyof typeof SIM_CONTROL_REASONS;

/** The body of every error answer of /api/sim. */
export interface SimControlErrorBody {
  statusCode: number;
  reason: SimControlReason;
  message: string;
}
