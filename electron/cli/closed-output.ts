/**
 * A reader that goes away (`cradle backups list | head -1`) closes the pipe, and the next write fails with
 * EPIPE. That ends the command quietly with exit 0, as `head` expects: a running job or fleet is stopped as
 * Ctrl+C stops it (the device and the backup folder are left as a cancel leaves them), anything else exits
 * at once. Nothing more is written anywhere.
 */

/** Watches stdout and stderr; `closed` tells whether a reader went away. */
export function endQuietlyWhenOutputCloses(): { readonly closed: boolean } {
  const state = { closed: false };
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    if (state.closed) return;
    state.closed = true;
    process.exitCode = 0;
    // Whatever is still to be written has nowhere to go.
    for (const stream of [process.stdout, process.stderr]) stream.write = () => true;
    if (process.listenerCount('SIGINT') > 0) process.emit('SIGINT');
    else process.exit(0);
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
  return state;
}
