export * from './strategy.js';
export * from './define-plugin.js';
