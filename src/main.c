/* dangjian — 基层党建工作管理系统. Entry point: see src/cli/cli.c for the commands. */
#include <sodium.h>
#include <stdio.h>

#include "cli/cli.h"
#include "base/banned.h"

int main(int argc, char **argv) {
  if (sodium_init() < 0) {
    fprintf(stderr, "libsodium 初始化失败\n");
    return 1;
  }
  return cli_main(argc, argv);
}
