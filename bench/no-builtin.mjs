// Preload for the WebCrypto rounds: without process.getBuiltinModule the library cannot find
// node:crypto and takes its WebCrypto path, as in Workers without nodejs_compat or a browser.
delete process.getBuiltinModule;
