import { spawn } from 'node:child_process';

/**
 * The default way `reboot()` starts over: spawn the same Node command line (same flags, same
 * arguments, same stdio) and exit this process once the child is running.
 */
export function reexecProcess(): void {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: process.env });
  child.once('spawn', () => process.exit(0));
  child.once('error', (err) => {
    process.stderr.write(`reboot: could not re-execute the process: ${err.message}\n`);
    process.exit(1);
  });
}
