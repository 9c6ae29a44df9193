/*
 * The official PRC public-holiday arrangement as data: every day off of each statutory holiday
 * (weekend days inside the holiday included) and each 调休 working day, from the State Council
 * General Office notices on holiday arrangements (国务院办公厅关于20xx年部分节假日安排的通知)
 * for 2024, 2025 and 2026.
 *
 * Owner: base. The table is the seed for a database table of calendar exceptions; keep it a
 * plain array ordered by date, one row per day. To add a year, append its rows from the
 * notice (published each November) and extend tests/unit/test_date.c.
 */
#include <stddef.h>

#include "base/date.h"

#include "base/banned.h"

static const DateCalendarEntry date_holidays_cn_table[] = {
    {{2024, 1, 1}, DATE_HOLIDAY, "元旦"},             /* 周一 */
    {{2024, 2, 4}, DATE_WORKDAY, "春节"},             /* 周日 */
    {{2024, 2, 10}, DATE_HOLIDAY, "春节"},            /* 周六 */
    {{2024, 2, 11}, DATE_HOLIDAY, "春节"},            /* 周日 */
    {{2024, 2, 12}, DATE_HOLIDAY, "春节"},            /* 周一 */
    {{2024, 2, 13}, DATE_HOLIDAY, "春节"},            /* 周二 */
    {{2024, 2, 14}, DATE_HOLIDAY, "春节"},            /* 周三 */
    {{2024, 2, 15}, DATE_HOLIDAY, "春节"},            /* 周四 */
    {{2024, 2, 16}, DATE_HOLIDAY, "春节"},            /* 周五 */
    {{2024, 2, 17}, DATE_HOLIDAY, "春节"},            /* 周六 */
    {{2024, 2, 18}, DATE_WORKDAY, "春节"},            /* 周日 */
    {{2024, 4, 4}, DATE_HOLIDAY, "清明节"},           /* 周四 */
    {{2024, 4, 5}, DATE_HOLIDAY, "清明节"},           /* 周五 */
    {{2024, 4, 6}, DATE_HOLIDAY, "清明节"},           /* 周六 */
    {{2024, 4, 7}, DATE_WORKDAY, "清明节"},           /* 周日 */
    {{2024, 4, 28}, DATE_WORKDAY, "劳动节"},          /* 周日 */
    {{2024, 5, 1}, DATE_HOLIDAY, "劳动节"},           /* 周三 */
    {{2024, 5, 2}, DATE_HOLIDAY, "劳动节"},           /* 周四 */
    {{2024, 5, 3}, DATE_HOLIDAY, "劳动节"},           /* 周五 */
    {{2024, 5, 4}, DATE_HOLIDAY, "劳动节"},           /* 周六 */
    {{2024, 5, 5}, DATE_HOLIDAY, "劳动节"},           /* 周日 */
    {{2024, 5, 11}, DATE_WORKDAY, "劳动节"},          /* 周六 */
    {{2024, 6, 10}, DATE_HOLIDAY, "端午节"},          /* 周一 */
    {{2024, 9, 14}, DATE_WORKDAY, "中秋节"},          /* 周六 */
    {{2024, 9, 15}, DATE_HOLIDAY, "中秋节"},          /* 周日 */
    {{2024, 9, 16}, DATE_HOLIDAY, "中秋节"},          /* 周一 */
    {{2024, 9, 17}, DATE_HOLIDAY, "中秋节"},          /* 周二 */
    {{2024, 9, 29}, DATE_WORKDAY, "国庆节"},          /* 周日 */
    {{2024, 10, 1}, DATE_HOLIDAY, "国庆节"},          /* 周二 */
    {{2024, 10, 2}, DATE_HOLIDAY, "国庆节"},          /* 周三 */
    {{2024, 10, 3}, DATE_HOLIDAY, "国庆节"},          /* 周四 */
    {{2024, 10, 4}, DATE_HOLIDAY, "国庆节"},          /* 周五 */
    {{2024, 10, 5}, DATE_HOLIDAY, "国庆节"},          /* 周六 */
    {{2024, 10, 6}, DATE_HOLIDAY, "国庆节"},          /* 周日 */
    {{2024, 10, 7}, DATE_HOLIDAY, "国庆节"},          /* 周一 */
    {{2024, 10, 12}, DATE_WORKDAY, "国庆节"},         /* 周六 */
    {{2025, 1, 1}, DATE_HOLIDAY, "元旦"},             /* 周三 */
    {{2025, 1, 26}, DATE_WORKDAY, "春节"},            /* 周日 */
    {{2025, 1, 28}, DATE_HOLIDAY, "春节"},            /* 周二 */
    {{2025, 1, 29}, DATE_HOLIDAY, "春节"},            /* 周三 */
    {{2025, 1, 30}, DATE_HOLIDAY, "春节"},            /* 周四 */
    {{2025, 1, 31}, DATE_HOLIDAY, "春节"},            /* 周五 */
    {{2025, 2, 1}, DATE_HOLIDAY, "春节"},             /* 周六 */
    {{2025, 2, 2}, DATE_HOLIDAY, "春节"},             /* 周日 */
    {{2025, 2, 3}, DATE_HOLIDAY, "春节"},             /* 周一 */
    {{2025, 2, 4}, DATE_HOLIDAY, "春节"},             /* 周二 */
    {{2025, 2, 8}, DATE_WORKDAY, "春节"},             /* 周六 */
    {{2025, 4, 4}, DATE_HOLIDAY, "清明节"},           /* 周五 */
    {{2025, 4, 5}, DATE_HOLIDAY, "清明节"},           /* 周六 */
    {{2025, 4, 6}, DATE_HOLIDAY, "清明节"},           /* 周日 */
    {{2025, 4, 27}, DATE_WORKDAY, "劳动节"},          /* 周日 */
    {{2025, 5, 1}, DATE_HOLIDAY, "劳动节"},           /* 周四 */
    {{2025, 5, 2}, DATE_HOLIDAY, "劳动节"},           /* 周五 */
    {{2025, 5, 3}, DATE_HOLIDAY, "劳动节"},           /* 周六 */
    {{2025, 5, 4}, DATE_HOLIDAY, "劳动节"},           /* 周日 */
    {{2025, 5, 5}, DATE_HOLIDAY, "劳动节"},           /* 周一 */
    {{2025, 5, 31}, DATE_HOLIDAY, "端午节"},          /* 周六 */
    {{2025, 6, 1}, DATE_HOLIDAY, "端午节"},           /* 周日 */
    {{2025, 6, 2}, DATE_HOLIDAY, "端午节"},           /* 周一 */
    {{2025, 9, 28}, DATE_WORKDAY, "国庆节、中秋节"},  /* 周日 */
    {{2025, 10, 1}, DATE_HOLIDAY, "国庆节、中秋节"},  /* 周三 */
    {{2025, 10, 2}, DATE_HOLIDAY, "国庆节、中秋节"},  /* 周四 */
    {{2025, 10, 3}, DATE_HOLIDAY, "国庆节、中秋节"},  /* 周五 */
    {{2025, 10, 4}, DATE_HOLIDAY, "国庆节、中秋节"},  /* 周六 */
    {{2025, 10, 5}, DATE_HOLIDAY, "国庆节、中秋节"},  /* 周日 */
    {{2025, 10, 6}, DATE_HOLIDAY, "国庆节、中秋节"},  /* 周一 */
    {{2025, 10, 7}, DATE_HOLIDAY, "国庆节、中秋节"},  /* 周二 */
    {{2025, 10, 8}, DATE_HOLIDAY, "国庆节、中秋节"},  /* 周三 */
    {{2025, 10, 11}, DATE_WORKDAY, "国庆节、中秋节"}, /* 周六 */
    {{2026, 1, 1}, DATE_HOLIDAY, "元旦"},             /* 周四 */
    {{2026, 1, 2}, DATE_HOLIDAY, "元旦"},             /* 周五 */
    {{2026, 1, 3}, DATE_HOLIDAY, "元旦"},             /* 周六 */
    {{2026, 1, 4}, DATE_WORKDAY, "元旦"},             /* 周日 */
    {{2026, 2, 14}, DATE_WORKDAY, "春节"},            /* 周六 */
    {{2026, 2, 15}, DATE_HOLIDAY, "春节"},            /* 周日 */
    {{2026, 2, 16}, DATE_HOLIDAY, "春节"},            /* 周一 */
    {{2026, 2, 17}, DATE_HOLIDAY, "春节"},            /* 周二 */
    {{2026, 2, 18}, DATE_HOLIDAY, "春节"},            /* 周三 */
    {{2026, 2, 19}, DATE_HOLIDAY, "春节"},            /* 周四 */
    {{2026, 2, 20}, DATE_HOLIDAY, "春节"},            /* 周五 */
    {{2026, 2, 21}, DATE_HOLIDAY, "春节"},            /* 周六 */
    {{2026, 2, 22}, DATE_HOLIDAY, "春节"},            /* 周日 */
    {{2026, 2, 23}, DATE_HOLIDAY, "春节"},            /* 周一 */
    {{2026, 2, 28}, DATE_WORKDAY, "春节"},            /* 周六 */
    {{2026, 4, 4}, DATE_HOLIDAY, "清明节"},           /* 周六 */
    {{2026, 4, 5}, DATE_HOLIDAY, "清明节"},           /* 周日 */
    {{2026, 4, 6}, DATE_HOLIDAY, "清明节"},           /* 周一 */
    {{2026, 5, 1}, DATE_HOLIDAY, "劳动节"},           /* 周五 */
    {{2026, 5, 2}, DATE_HOLIDAY, "劳动节"},           /* 周六 */
    {{2026, 5, 3}, DATE_HOLIDAY, "劳动节"},           /* 周日 */
    {{2026, 5, 4}, DATE_HOLIDAY, "劳动节"},           /* 周一 */
    {{2026, 5, 5}, DATE_HOLIDAY, "劳动节"},           /* 周二 */
    {{2026, 5, 9}, DATE_WORKDAY, "劳动节"},           /* 周六 */
    {{2026, 6, 19}, DATE_HOLIDAY, "端午节"},          /* 周五 */
    {{2026, 6, 20}, DATE_HOLIDAY, "端午节"},          /* 周六 */
    {{2026, 6, 21}, DATE_HOLIDAY, "端午节"},          /* 周日 */
    {{2026, 9, 20}, DATE_WORKDAY, "国庆节"},          /* 周日 */
    {{2026, 9, 25}, DATE_HOLIDAY, "中秋节"},          /* 周五 */
    {{2026, 9, 26}, DATE_HOLIDAY, "中秋节"},          /* 周六 */
    {{2026, 9, 27}, DATE_HOLIDAY, "中秋节"},          /* 周日 */
    {{2026, 10, 1}, DATE_HOLIDAY, "国庆节"},          /* 周四 */
    {{2026, 10, 2}, DATE_HOLIDAY, "国庆节"},          /* 周五 */
    {{2026, 10, 3}, DATE_HOLIDAY, "国庆节"},          /* 周六 */
    {{2026, 10, 4}, DATE_HOLIDAY, "国庆节"},          /* 周日 */
    {{2026, 10, 5}, DATE_HOLIDAY, "国庆节"},          /* 周一 */
    {{2026, 10, 6}, DATE_HOLIDAY, "国庆节"},          /* 周二 */
    {{2026, 10, 7}, DATE_HOLIDAY, "国庆节"},          /* 周三 */
    {{2026, 10, 10}, DATE_WORKDAY, "国庆节"},         /* 周六 */
};

const DateCalendarEntry *date_holidays_cn(size_t *n) {
  *n = sizeof date_holidays_cn_table / sizeof date_holidays_cn_table[0];
  return date_holidays_cn_table;
}
