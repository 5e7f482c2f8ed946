/* A slow disk for fault-injection tests: LD_PRELOAD this library and every fdatasync() of the
   process takes SLOTRUSH_FDATASYNC_DELAY_MS milliseconds longer (default 100) before it syncs. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

int fdatasync(int fd) {
  static int (*real)(int) = 0;
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  const char* text = getenv("SLOTRUSH_FDATASYNC_DELAY_MS");
  const long ms = text ? atol(text) : 100;
  struct timespec pause = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&pause, 0);
  return real(fd);
}
