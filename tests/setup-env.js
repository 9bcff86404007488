// `natural` prints dotenv lines when loaded; keep test output clean.
process.env.DOTENV_CONFIG_QUIET = 'true';
