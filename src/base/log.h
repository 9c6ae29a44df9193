/*
 * Logging to standard error, one line per event. Request lines carry: time (UTC, ISO 8601),
 * method, path, status, bytes, microseconds, user login ("-" when anonymous).
 * Thread-safe (each line is one write).
 */
#ifndef DJ_LOG_H
#define DJ_LOG_H

#include <stddef.h>
#include <stdint.h>

void log_request(const char *method, const char *path, int status, size_t bytes, int64_t usec,
                 const char *user);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Request lines are written only when enabled (default on); errors always. */
void log_set_requests(int on);
/* Monotonic clock in microseconds. */
int64_t log_now_usec(void);

#endif
