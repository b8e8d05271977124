import { describe, expect, it } from 'vitest';
import { parseProcfile } from './procfile.js';

const messages = (text: string) => parseProcfile(text).problems.map((problem) => [problem.line, problem.message]);

describe('parseProcfile', () => {
  it('reads kind: command lines, skipping comments and blank lines', () => {
    const result = parseProcfile('# my app\n\nweb: node server.js --port $PORT\n   \n  # indented comment\nworker:python worker.py\n');
    expect(result.problems).toEqual([]);
    expect(result.workers).toEqual({ web: 'node server.js --port $PORT', worker: 'python worker.py' });
    expect(result.hooks).toEqual({});
  });

  it('splits on the first colon only', () => {
    expect(parseProcfile('wsgi: app:create_app()\n').workers).toEqual({ wsgi: 'app:create_app()' });
  });

  it('accepts CRLF line endings and a byte-order mark', () => {
    const result = parseProcfile('\uFEFFweb: a\r\nworker: b\r\n');
    expect(result.problems).toEqual([]);
    expect(result.workers).toEqual({ web: 'a', worker: 'b' });
  });

  it('puts build hooks in hooks, never in workers', () => {
    const result = parseProcfile('prebuild: npm ci\nbuild: npm run build\npostbuild: ./post.sh\nprerun: ./migrate.sh\nweb: node .\n');
    expect(result.problems).toEqual([]);
    expect(result.hooks).toEqual({
      prebuild: ['npm ci'],
      build: ['npm run build'],
      postbuild: ['./post.sh'],
      prerun: ['./migrate.sh'],
    });
    expect(result.workers).toEqual({ web: 'node .' });
  });

  it('keeps every other kind as a worker: static, release, cron, any name', () => {
    const result = parseProcfile('static: public\nrelease: ./release.sh\ncron: 0 3 * * * ./nightly.sh\ncron2: */15 * * * * ./poll\nscheduler-2: celery beat\nq_1: rq worker\n');
    expect(result.problems).toEqual([]);
    expect(Object.keys(result.workers)).toEqual(['static', 'release', 'cron', 'cron2', 'scheduler-2', 'q_1']);
  });

  it('reports a line without ":" with its line number and how to write it', () => {
    expect(messages('# comment\nweb gunicorn\n')).toEqual([[2, 'no ":" in "web gunicorn" (write "kind: command")']]);
  });

  it('reports an empty command', () => {
    expect(messages('web: node .\nworker:   \n')).toEqual([[2, 'empty command for "worker" (write "worker: <command>")']]);
  });

  it('reports an empty build hook command too', () => {
    expect(messages('prebuild:\n')).toEqual([[1, 'empty command for "prebuild" (write "prebuild: <command>")']]);
  });

  it.each(['Web', '1web', 'my worker', 'wörker', ''])('reports the invalid kind name %j', (kind) => {
    const [problem] = parseProcfile(`${kind}: run\n`).problems;
    expect(problem?.line).toBe(1);
    expect(problem?.message).toContain(`"${kind}" is not a valid kind`);
  });

  it('reports a duplicate kind naming both lines', () => {
    expect(messages('web: a\nworker: b\nweb: c\n')).toEqual([[3, 'duplicate kind "web" (lines 1 and 3): keep one of them']]);
  });

  it('refuses web and wsgi together and says which to keep', () => {
    const problems = parseProcfile('wsgi: app:app\nworker: w\nweb: gunicorn app:app\n').problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(3);
    expect(problems[0]?.message).toBe(
      'both "wsgi" (line 1) and "web" (line 3) declare the web process: keep only one — ' +
        '"wsgi" to have uWSGI load a Python WSGI module, or "web" to run a command that listens on $PORT',
    );
  });

  it('reports a malformed cron line', () => {
    const problems = messages('cron: 61 * * * * ./job\ncron3: * * * ./job\n');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toEqual([1, 'malformed cron line: minute "61" must be *, */N or a number from 0 to 59']);
    expect(problems[1]?.[0]).toBe(2);
    expect(problems[1]?.[1]).toMatch(/^malformed cron line: "\* \* \* \.\/job" is not "minute hour/);
  });

  it('reports a static directory outside the app', () => {
    expect(messages('static: ../secrets\n')).toEqual([[1, 'static directory: "../secrets" must stay inside the app: remove ".."']]);
  });

  it('collects every problem in line order and leaves the bad kinds out', () => {
    const result = parseProcfile('web gunicorn\nworker: ok\n: nothing\nclock:\nworker: again\ncron: * * * * 9 x\n');
    expect(result.problems.map((problem) => problem.line)).toEqual([1, 3, 4, 5, 6]);
    expect(result.workers).toEqual({ worker: 'ok' });
  });

  it('names the file as given in source', () => {
    expect(parseProcfile('oops\n', { source: 'hop3/Procfile' }).problems[0]?.file).toBe('hop3/Procfile');
    expect(parseProcfile('oops\n').problems[0]?.file).toBe('Procfile');
  });

  it('refuses a Procfile with nothing to run: empty, blank lines or comments only', () => {
    for (const text of ['', '\n\n', '# web: gunicorn app:app\n  # wsgi: app:application\n\n']) {
      const result = parseProcfile(text);
      expect(result.workers).toEqual({});
      expect(result.problems).toEqual([
        { file: 'Procfile', line: 1, message: expect.stringContaining('has no "kind: command" line (only blank lines or comments)') },
      ]);
    }
  });

  it('accepts a Procfile whose only line is a build hook or a worker', () => {
    expect(parseProcfile('# comment\nworker: python run.py\n').problems).toEqual([]);
    expect(parseProcfile('prebuild: make\n').problems).toEqual([]);
  });
});
