module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'validators',
  rootDir: __dirname,
};
