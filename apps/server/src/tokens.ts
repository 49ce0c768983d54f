/** DI tokens for values that are not classes. */
export const CONFIG = Symbol('qinwatt.config');
export const LOGGER = Symbol('qinwatt.logger');
