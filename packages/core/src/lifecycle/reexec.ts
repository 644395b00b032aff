import { spawn } from 'node:child_process';

/**
 * The default way `reboot()` starts over: spawn the same Node command line (same flags, same
 * arguments, same stdio) and exit this process once the child is running. Under a supervisor that
 * set BOTPY_REBOOT_EXIT_CODE (`botpy dev`, `botpy start`), exit with that code instead: the
 * supervisor starts the app again, so no process escapes it.
 */
export function reexecProcess(env: NodeJS.ProcessEnv = process.env): void {
  const supervised = Number(env.BOTPY_REBOOT_EXIT_CODE);
  if (Number.isInteger(supervised) && supervised > 0 && supervised < 256) process.exit(supervised);
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: process.env });
  child.once('spawn', () => process.exit(0));
  child.once('error', (err) => {
    process.stderr.write(`reboot: could not re-execute the process: ${err.message}\n`);
    process.exit(1);
  });
}
