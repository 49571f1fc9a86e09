/*
 * exchange(a, b): swaps two paths in one step, so that each name holds a whole folder at every instant.
 * Linux: renameat2 with RENAME_EXCHANGE (kernel 3.15+, on file systems that support it); macOS: renamex_np
 * with RENAME_SWAP. Node has neither. A failure throws an Error whose `errno` is the system's error number
 * (electron/engine/backup/exchange.ts turns it into a code and falls back where the file system cannot).
 * Built by scripts/build-native.mjs against Node-API, so one build serves Node and Electron alike.
 */
#define NAPI_VERSION 8
#include <errno.h>
#include <node_api.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
static int exchange_paths(const char *a, const char *b) {
  return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}
#elif defined(__APPLE__)
#include <stdio.h>
static int exchange_paths(const char *a, const char *b) { return renamex_np(a, b, RENAME_SWAP); }
#else
#error "this platform has no one-step exchange of two paths"
#endif

/* A string argument as a new UTF-8 C string, or NULL (not a string, or no memory). */
static char *path_argument(napi_env env, napi_value value) {
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, NULL, 0, &length) != napi_ok) return NULL;
  char *text = malloc(length + 1);
  if (text == NULL) return NULL;
  if (napi_get_value_string_utf8(env, value, text, length + 1, &length) != napi_ok || strlen(text) != length) {
    free(text); /* a NUL inside the path: refused rather than cut short */
    return NULL;
  }
  return text;
}

static napi_value exchange(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2) {
    napi_throw_type_error(env, NULL, "exchange(a, b) takes two paths");
    return NULL;
  }
  char *a = path_argument(env, argv[0]);
  char *b = path_argument(env, argv[1]);
  int failed = 0;
  int error = 0;
  if (a == NULL || b == NULL) {
    failed = 1;
    error = EINVAL;
  } else if (exchange_paths(a, b) != 0) {
    failed = 1;
    error = errno;
  }
  free(a);
  free(b);
  if (failed) {
    napi_value message, number, thrown;
    napi_create_string_utf8(env, strerror(error), NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, NULL, message, &thrown);
    napi_create_int32(env, error, &number);
    napi_set_named_property(env, thrown, "errno", number);
    napi_throw(env, thrown);
  }
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value function;
  napi_create_function(env, "exchange", NAPI_AUTO_LENGTH, exchange, NULL, &function);
  napi_set_named_property(env, exports, "exchange", function);
  return exports;
}
