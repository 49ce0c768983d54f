/** DI tokens for values that are not classes. */
export const CONFIG = Symbol('qinwatt.config');
export const LOGGER = Symbol('qinwatt.logger');
/** the roles this process runs (config/roles.ts: ProcessRoles) */
export const PROCESS_ROLES = Symbol('qinwatt.process-roles');
