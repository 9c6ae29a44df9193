#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "account/account.h"
#include "base/banned.h"

char *account_password_hash(const char *password) {
  char *out = malloc(crypto_pwhash_STRBYTES);
  if (!out) {
    abort();
  }
  if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    free(out);
    return NULL;
  }
  return out;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void) {
  unsigned char raw[16];
  char pw[33];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2hex(pw, sizeof pw, raw, sizeof raw);
  if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    dummy_hash[0] = '\0';
  }
}

bool account_password_verify(const char *hash, const char *password) {
  if (!hash) {
    pthread_once(&dummy_once, make_dummy);
    /* Same work as a real check, so that response time does not tell whether a login exists. */
    if (dummy_hash[0] && crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0) {
      return false;
    }
    return false;
  }
  return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
