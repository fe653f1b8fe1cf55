/** The message a failing expectation throws, as the runner shows it with colours off; throws if it passed. */
export function failureOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    return String((error as Error).message).replace(/\u001b\[[0-9;]*m/g, '');
  }
  throw new Error('expected the assertion to fail, but it passed');
}
