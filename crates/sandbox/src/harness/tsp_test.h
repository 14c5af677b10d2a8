/* tsp test harness for C and C++ (provided by tsp-sandbox; test files start with
 * #include "tsp_test.h").
 *
 *   TEST(name) { ... }   defines a test; it passes when it returns.
 *   CHECK(cond)          fails the test at once, printing file:line and the condition.
 *
 * The harness compiles one translation unit: this header, solution.c, functional_test.c,
 * security_test.c and a generated main that runs one named test per process, so that a sanitizer
 * report (an error) is attributed to one test. */
#ifndef TSP_TEST_H
#define TSP_TEST_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *tsp_nonce = "";
static const char *tsp_current = "";

static void tsp_emit(const char *outcome, const char *message) {
  /* The id and message are JSON strings; escape what JSON requires. */
  printf("\n@@TSP %s {\"ev\":\"result\",\"id\":\"%s\",\"outcome\":\"%s\",\"message\":\"", tsp_nonce,
         tsp_current, outcome);
  for (const char *p = message; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  printf("\"}\n");
  fflush(stdout);
}

#define TEST(name) static void tsp_test_##name(void)

#define CHECK(cond)                                                                       \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      char tsp_msg_[512];                                                                 \
      snprintf(tsp_msg_, sizeof tsp_msg_, "%s:%d: CHECK failed: %s", __FILE__, __LINE__,  \
               #cond);                                                                    \
      fprintf(stderr, "%s\n", tsp_msg_);                                                  \
      tsp_emit("fail", tsp_msg_);                                                         \
      exit(1);                                                                            \
    }                                                                                     \
  } while (0)

#endif
