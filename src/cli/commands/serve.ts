import type { Command } from 'commander'
import { loadConfig } from '../../config.js'
import { startServer } from '../../web/server.js'

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the web app (PORT and HOST say where it listens; CWB_DATA_DIR or DATABASE_URL, which database)')
    .action(async () => {
      const server = await startServer(loadConfig())
      await new Promise<void>((resolve) => {
        const shutdown = (signal: string) => {
          process.stdout.write(`\nReceived ${signal}, stopping.\n`)
          server.stop().then(resolve, resolve)
        }
        process.once('SIGINT', () => shutdown('SIGINT'))
        process.once('SIGTERM', () => shutdown('SIGTERM'))
      })
    })
}
