// Loaded before every test file. Nothing here touches the network: msw servers are per file.
process.env.TZ = 'UTC';
