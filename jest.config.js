/** @type {import('jest').Config} */
module.exports = {
  // Shares typed-array constructors with the native onnxruntime addon (see the file's comment).
  testEnvironment: '<rootDir>/nlp/embeddings/onnx-test-environment.ts',
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  setupFiles: ['<rootDir>/tests/setup-env.js'],
  testTimeout: 30000,
};
