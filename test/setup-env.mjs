// In every test worker, before any test: a terminal's jest hands its workers
// FORCE_COLOR, and tests spawn the CLI with their own environment. What a test
// checks must not depend on where the suite was started, so colour is only
// forced where a test asks for it.
delete process.env.FORCE_COLOR;
