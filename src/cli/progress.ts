/** A progress bar on stderr; on a non-terminal it prints a line every 10%. */
export function progressBar(err: NodeJS.WritableStream, tty: boolean, label: string, total: number | null) {
  let lastDecile = -1;
  return {
    update(done: number) {
      if (tty) {
        const width = 30;
        const frac = total ? Math.min(1, done / total) : 0;
        const bar = total ? `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] ` : '';
        err.write(`\r${label} ${bar}${done}${total ? `/${total}` : ''}`);
        return;
      }
      const decile = total ? Math.floor((done / total) * 10) : Math.floor(done / 1000);
      if (decile !== lastDecile) {
        lastDecile = decile;
        err.write(`${label} ${done}${total ? `/${total}` : ''}\n`);
      }
    },
    done(summary: string) {
      err.write(`${tty ? '\r\x1b[K' : ''}${label} ${summary}\n`);
    },
  };
}
