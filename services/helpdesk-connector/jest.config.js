module.exports = { ...require('../../jest.preset.js'), displayName: 'helpdesk-connector', rootDir: __dirname };
