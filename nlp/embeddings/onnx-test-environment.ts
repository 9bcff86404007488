/**
 * Jest environment for tests that run onnxruntime-node (used with a `@jest-environment` docblock).
 *
 * Jest gives each test file its own realm, so its `Float32Array` differs from the one the native
 * onnxruntime addon creates output tensors with, and onnxruntime-common's `instanceof` checks fail
 * ("A float32 tensor's data must be type of function Float32Array()"). Sharing the outer realm's
 * typed-array constructors fixes that; jest already shares `Uint8Array` and `ArrayBuffer` this way.
 */
import { TestEnvironment } from 'jest-environment-node';

const SHARED = [
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

export default class OnnxTestEnvironment extends TestEnvironment {
  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    const target = this.global as unknown as Record<string, unknown>;
    for (const name of SHARED) target[name] = globalThis[name];
  }
}
