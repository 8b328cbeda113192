module.exports = { ...require('../../jest.preset.js'), displayName: 'chat-simulator', rootDir: __dirname };
