module.exports = { ...require('../../jest.preset.js'), displayName: 'detection', rootDir: __dirname };
