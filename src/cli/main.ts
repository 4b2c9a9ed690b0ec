// Entry point of the `cwb` command (bin/cwb.js imports this module).
import { runCli } from './program.js'

process.exitCode = await runCli(process.argv.slice(2))
