// A progress bar with rows per second on stderr, only when stderr is a terminal (CI logs get one final line).
export type ProgressBar = {
  update: (done: number, total: number, rows: number) => void
  /** Replaces the bar with a line saying what is happening now (for a last step that has no share to show). */
  note: (text: string) => void
  finish: (line: string) => void
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const started = Date.now()
  let last = 0
  const interactive = Boolean(stream.isTTY)
  return {
    update(done, total, rows) {
      if (!interactive || Date.now() - last < 200) return
      last = Date.now()
      const share = total > 0 ? Math.min(1, done / total) : 0
      const width = 30
      const filled = Math.round(share * width)
      const seconds = (Date.now() - started) / 1000
      const rate = seconds > 0 ? Math.round(rows / seconds) : 0
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ` +
          `${rows.toLocaleString('en-GB')} rows, ${rate.toLocaleString('en-GB')} rows/s `,
      )
    },
    note(text) {
      if (interactive) stream.write(`\r\x1b[K${label} ${text}`)
    },
    finish(line) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      stream.write(`${interactive ? '\r\x1b[K' : ''}${line} (${seconds} s)\n`)
    },
  }
}
