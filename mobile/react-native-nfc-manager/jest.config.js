// How a vendor's Jest swaps react-native-nfc-manager for mynakit's relay adapter: one
// moduleNameMapper line (docs/mobile.md, "Adapters"). testEnvironment node: the adapter uses
// Node's `net`.
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.js'],
  moduleNameMapper: {
    '^react-native-nfc-manager$': '<rootDir>/index.js',
  },
};
