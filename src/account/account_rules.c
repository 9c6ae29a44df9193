#include <string.h>

#include "account/account.h"
#include "base/banned.h"

const char *account_password_problem(const char *password, const char *login) {
  size_t chars = 0;
  bool upper = false, lower = false, digit = false, other = false;
  for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
    if ((*p & 0xC0) != 0x80) {
      chars++;
    }
    if (*p >= 'A' && *p <= 'Z') {
      upper = true;
    } else if (*p >= 'a' && *p <= 'z') {
      lower = true;
    } else if (*p >= '0' && *p <= '9') {
      digit = true;
    } else if ((*p & 0xC0) != 0x80) {
      other = true;
    }
  }
  if (chars < 8) {
    return "密码至少需要 8 个字符";
  }
  if (chars > 128) {
    return "密码不能超过 128 个字符";
  }
  if ((int)upper + (int)lower + (int)digit + (int)other < 3) {
    return "密码需包含大写字母、小写字母、数字、其他符号中的至少三类";
  }
  if (login && *login && strcmp(password, login) == 0) {
    return "密码不能与登录名相同";
  }
  return NULL;
}
