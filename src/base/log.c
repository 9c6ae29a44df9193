#include "base/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/banned.h"

static atomic_int log_requests_on = 1;

void log_set_requests(int on) { atomic_store(&log_requests_on, on); }

int64_t log_now_usec(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void log_stamp(Buf *b) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  char t[32];
  strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%S", &tm);
  buf_printf(b, "%s.%03ldZ ", t, ts.tv_nsec / 1000000);
}

static void log_write(Buf *b) {
  buf_putc(b, '\n');
  ssize_t rc = write(STDERR_FILENO, b->data, b->len);
  (void)rc;
  buf_free(b);
}

void log_request(const char *method, const char *path, int status, size_t bytes, int64_t usec,
                 const char *user) {
  if (!atomic_load(&log_requests_on)) {
    return;
  }
  Buf b = BUF_INIT;
  log_stamp(&b);
  buf_printf(&b, "%s %s %d %zu %lldus %s", method, path, status, bytes, (long long)usec,
             user && *user ? user : "-");
  log_write(&b);
}

__attribute__((format(printf, 2, 0))) static void log_v(const char *level, const char *fmt,
                                                          va_list ap) {
  Buf b = BUF_INIT;
  log_stamp(&b);
  buf_puts(&b, level);
  buf_vprintf(&b, fmt, ap);
  log_write(&b);
}

void log_info(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  log_v("INFO ", fmt, ap);
  va_end(ap);
}

void log_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  log_v("ERROR ", fmt, ap);
  va_end(ap);
}
