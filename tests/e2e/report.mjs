// TAP-like reporting: `ok - name` / `not ok - name: reason`, then `N passed, M failed`.
export class Skip extends Error {}

export class Reporter {
  constructor() {
    this.passed = 0;
    this.failed = 0;
    this.closed = false; // once the summary is due, late results are dropped
  }

  pass(name) {
    if (this.closed) return;
    this.passed++;
    console.log(`ok - ${name}`);
  }

  fail(name, reason) {
    if (this.closed) return;
    this.failed++;
    const oneLine = String(reason ?? 'failed').replace(/\s*\n\s*/g, ' ');
    console.log(`not ok - ${name}: ${oneLine}`);
  }

  summary() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
  }
}
