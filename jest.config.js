// Unit tests of every project (each folder's jest.config.js): pure logic, no infrastructure needed.
module.exports = { projects: ['<rootDir>/libs/*', '<rootDir>/services/*', '<rootDir>/scripts/chat-simulator'] };
