/* dangjian — 基层党建工作管理系统. Entry point: see src/cli/cli.c for the commands. */
#include <malloc.h>
#include <sodium.h>
#include <stdio.h>

#include "cli/cli.h"
#include "base/banned.h"

int main(int argc, char **argv) {
  /* Keep freed heap memory instead of returning it to the kernel at every free of a large
   * block: the bulk writes (demo, imports) otherwise spend more time in brk and TLB flushes
   * than in SQLite. */
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
  if (sodium_init() < 0) {
    fprintf(stderr, "libsodium 初始化失败\n");
    return 1;
  }
  return cli_main(argc, argv);
}
