// A Playwright reporter for the integration projects: a test that is meant to
// fail (test.fail()) says, in `expect-message` annotations, what its failure
// message must contain (regular-expression sources). This checks the message
// as Playwright reports it (the error the runner recorded, after the fixture's
// teardown, which the test itself cannot see), and that no line of it looks
// like a stack frame (`    at …`, or a `file:line:column` ending a line: what
// runners split a message at). Any mismatch, such a test passing, or one
// planned but not reported, fails the run.
const FRAME = [/^\s*at\s/, /\S:\d+:\d+\)?$/];
const stripAnsi = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');

class ExpectedFailures {
  constructor() {
    this.problems = [];
    this.checked = 0;
    this.planned = 0;
  }

  onBegin(config, suite) {
    this.planned = suite.allTests().filter((test) => test.annotations.some((a) => a.type === 'expect-message')).length;
  }

  onTestEnd(test, result) {
    const wanted = test.annotations.filter((a) => a.type === 'expect-message').map((a) => a.description);
    if (wanted.length === 0) return;
    this.checked++;
    const message = result.errors.map((e) => stripAnsi(e.message ?? '')).join('\n');
    const problems = [];
    if (result.status !== 'failed') problems.push(`status ${result.status}, not failed`);
    for (const source of wanted) if (!new RegExp(source).test(message)) problems.push(`no match for /${source}/`);
    for (const line of message.split('\n')) if (FRAME.some((re) => re.test(line))) problems.push(`a line that looks like a stack frame: ${JSON.stringify(line)}`);
    if (problems.length) this.problems.push(`${test.title}:\n  ${problems.join('\n  ')}\n  message was:\n${message}`);
  }

  onEnd() {
    console.log(`expected-failures: ${this.checked} failure message(s) checked, ${this.problems.length} wrong`);
    if (this.checked !== this.planned) this.problems.push(`${this.planned} annotated test(s) planned, ${this.checked} reported`);
    if (this.problems.length === 0) return undefined;
    console.log(this.problems.join('\n\n'));
    return { status: 'failed' };
  }

  printsToStdio() {
    return false;
  }
}

module.exports = ExpectedFailures;
