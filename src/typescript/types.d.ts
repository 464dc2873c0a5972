// The types of `#typescript`: ts-morph's `ts` namespace, the compiler that `runtime.ts` loads.
export { ts } from 'ts-morph';
export declare function typescriptVersion(): string;
