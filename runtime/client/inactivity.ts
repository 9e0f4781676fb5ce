/** Bounds the silence between chunks of a body: the `read` timeout where the transport has none of its own. */
export class ReadTimeoutError extends Error {
  readonly code = "KUBEX_READ_TIMEOUT";
}

export function withInactivityTimeout<T>(source: AsyncIterable<T>, ms: number, onTimeout: () => void): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      const iterator = source[Symbol.asyncIterator]();
      try {
        for (;;) {
          let timer: ReturnType<typeof setTimeout> | undefined;
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              onTimeout();
              reject(new ReadTimeoutError(`no data for ${ms} ms`));
            }, ms);
          });
          try {
            const next = await Promise.race([iterator.next(), timeout]);
            if (next.done) return;
            yield next.value;
          } finally {
            clearTimeout(timer);
          }
        }
      } finally {
        await iterator.return?.();
      }
    },
  };
}
