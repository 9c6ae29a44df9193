#include "demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account/account.h"
#include "cli/cli.h"
#include "member/member.h"
#include "org/org.h"
#include "base/banned.h"

/* splitmix64: small, fast and the same on every machine. */
static uint64_t next_rand(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static int pick(uint64_t *s, int n) { return (int)(next_rand(s) % (uint64_t)n); }

static const char *const district_names[] = {"青山", "河西", "金川", "临泽", "永安", "高台",
                                              "民乐", "山丹", "安宁", "城南"};
static const char *const town_names[] = {"城关镇", "新华镇", "河口镇", "石门镇", "柳林镇",
                                         "马营镇", "黄羊镇", "红星乡", "平川镇", "沙河镇",
                                         "甘浚镇", "明永乡", "花寨乡", "龙渠乡", "三闸镇",
                                         "碱滩镇"};
static const char *const village_first[] = {
    "王家", "李家", "张家", "刘家", "陈家", "杨家", "赵家", "黄家", "周家", "吴家", "徐家",
    "孙家", "马家", "朱家", "胡家", "郭家", "何家", "高家", "罗家", "红", "新", "东", "西",
    "南", "北", "前", "后", "上", "下", "大", "小", "石", "柳", "杏", "枣", "沙", "泉", "金"};
static const char *const village_second[] = {"庄", "沟", "湾", "坪", "岭", "堡", "寨", "营",
                                              "滩", "峪", "川", "台", "集", "屯", "洼", "坝"};
static const char *const community_names[] = {"东关", "西关", "南关", "北关", "新华",
                                              "人民", "建设", "文化", "和平", "幸福"};

typedef struct Gen {
  Db *db;
  uint64_t rng;
  uint64_t prng; /* people's own stream: the orgs are the same with or without them */
  int64_t now;
  Date today;
  DemoStats *stats;
  int64_t last_id;
  /* ids remembered for the demo accounts */
  int64_t district, town[2], branch[4];
  /* people */
  char region[8];     /* the district's ID-number address code, e.g. "620702" */
  uint32_t serial;    /* ID-number sequence, so that numbers rarely collide */
  int64_t contact_person; /* 王志强, the contact1 account's person */
  const char *district_name;
} Gen;

static const char *const group_names[] = {"第一", "第二", "第三", "第四", "第五",
                                          "第六", "第七", "第八"};

static int add_org_term(Gen *g, int64_t parent, const char *kind, const char *name,
                        const char *short_name, const char *code, int64_t *id,
                        const char *term_override, char term_out[16]);

static int add_org(Gen *g, int64_t parent, const char *kind, const char *name,
                   const char *short_name, const char *code, int64_t *id) {
  return add_org_term(g, parent, kind, name, short_name, code, id, NULL, NULL);
}

static int add_org_term(Gen *g, int64_t parent, const char *kind, const char *name,
                        const char *short_name, const char *code, int64_t *id,
                        const char *term_override, char term_out[16]) {
  /* Plausible dates: branches founded 1950–1995, towns 1949–1958; the current committees
   * took office in the spring 2026 synchronised 换届 (村/社区, 乡镇; the previous one was in
   * 2021), in 2024 (agencies, 3 years) or in 2022 (the district's congress). */
  char founded[48], term[48];
  bool branch = strcmp(kind, "district") != 0 && strcmp(kind, "town") != 0;
  snprintf(founded, sizeof founded, "%d-%02d-%02d",
           branch ? 1950 + pick(&g->rng, 46) : 1949 + pick(&g->rng, 10), 1 + pick(&g->rng, 12),
           1 + pick(&g->rng, 28));
  const char *year = strcmp(kind, "agency") == 0     ? "2024"
                     : strcmp(kind, "district") == 0 ? "2022"
                                                     : "2026";
  snprintf(term, sizeof term, "%s-%02d-%02d", year, 1 + pick(&g->rng, 5), 1 + pick(&g->rng, 28));
  if (term_override) {
    snprintf(term, sizeof term, "%s", term_override);
  }
  if (term_out) {
    snprintf(term_out, 16, "%.10s", strcmp(kind, "group") == 0 ? "" : term);
  }
  OrgNew o = {.parent_id = parent,
              .kind = kind,
              .name = name,
              .short_name = short_name,
              .code = code,
              .founded = founded,
              .term_start = strcmp(kind, "group") == 0 ? NULL : term};
  int rc = org_insert(g->db, &o, g->now, id ? id : &g->last_id);
  g->stats->orgs += rc == DB_OK;
  return rc;
}

/* Tags of a village: about a third remote, a third along the road, a few demo sites. */
static int tag_branch(Gen *g, int64_t id, bool community, bool seat) {
  const char *tags[3];
  size_t n = 0;
  int r = pick(&g->rng, 100);
  if (community || seat) {
    tags[n++] = "town_seat";
  } else if (r < 33) {
    tags[n++] = "remote";
  } else if (r < 66) {
    tags[n++] = "roadside";
  }
  if (r >= 33 && pick(&g->rng, 12) == 0) {
    tags[n++] = "demo_site";
  }
  return n ? org_set_tags(g->db, id, tags, n) : DB_OK;
}

/* Party groups under the larger branches: 3–8 groups in four branches of five. */
static int add_groups(Gen *g, int64_t branch_id, const char *branch_short, const char *code) {
  if (pick(&g->rng, 5) == 0) {
    return DB_OK;
  }
  int n = 3 + pick(&g->rng, 6);
  int rc = DB_OK;
  for (int k = 0; rc == DB_OK && k < n; k++) {
    char name[160], short_name[96], gcode[96];
    snprintf(short_name, sizeof short_name, "%s党小组", group_names[k]);
    snprintf(name, sizeof name, "%s%s党小组", branch_short, group_names[k]);
    snprintf(gcode, sizeof gcode, "%sG%d", code, k + 1);
    rc = add_org(g, branch_id, "group", name, short_name, gcode, NULL);
  }
  return rc;
}


/* ---- people: members, committees, chains and contact cadres ------------------------------ */
/*
 * Every branch gets members with plausible names, ages, categories and dates that pass
 * member_check (a generated record that fails it is a bug here: the generation stops), a
 * 书记 and 1–4 committee members, for a village a 村委会主任 (mostly the 书记 himself: 一肩挑)
 * and a 监委会主任; each town a leadership (党委 书记, two 副书记, five 委员) who are members of
 * its 机关党支部, plus a 党建办主任; chains (town: 书记 / 专职副书记 / 党建办主任; branch: 书记 /
 * first two committee members); contact cadres (每村一名包村领导 from the town leadership, a
 * 驻村干部 in every third village, some of them also 第一书记; the 党建办主任 as 党建指导员 of
 * the communities). People use their own random stream (g->prng), so the organisations are
 * the same as without them. Dates are relative to the day of generation.
 *
 * Deliberate problems in the first town of the first district: branch B04 has had no 书记 for
 * five months; B05's committee took office in 2019 (term expired); B06 has a 书记 but no
 * committee although it has ≥7 正式党员; B07 has more than 50 members (as have about one
 * village in fifteen elsewhere). A few members elsewhere are 失联 or 停止党籍, some 流动.
 */

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
    "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "程",
    "曹", "袁", "邓", "许", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏",
    "薛", "叶", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜", "范", "方", "石",
    "姚", "谭", "廖", "邹", "金", "陆", "郝", "孔", "白", "崔", "康", "毛", "秦", "史", "顾",
    "侯", "孟", "段", "雷", "汤", "常", "武", "乔", "贺", "文", "祁", "鲁", "安", "牛", "闫"};
static const char *const male_chars[] = {
    "建", "国", "军", "明", "伟", "强", "志", "华", "文", "海", "涛", "斌", "刚", "勇", "平",
    "林", "杰", "东", "亮", "成", "兵", "春", "德", "福", "贵", "生", "宝", "山", "俊", "鹏",
    "宏", "新", "永", "峰", "光", "忠", "学", "荣", "庆", "喜", "发", "武", "正", "义", "军"};
static const char *const female_chars[] = {
    "秀", "英", "兰", "芳", "华", "玉", "梅", "霞", "丽", "敏", "静", "燕", "娟", "红", "琴",
    "萍", "云", "凤", "桂", "珍", "莉", "艳", "婷", "雪", "慧", "琳", "洁", "花", "春", "月"};
static const char *const minorities[] = {"回族", "藏族", "裕固族", "蒙古族", "土族", "东乡族"};
static const char *const destinations[] = {"新疆乌鲁木齐市", "甘肃省兰州市城关区",
                                           "陕西省西安市雁塔区", "宁夏银川市兴庆区",
                                           "广东省深圳市宝安区", "北京市朝阳区",
                                           "内蒙古阿拉善盟", "浙江省宁波市"};
static const char *const mobile_prefixes[] = {"133", "135", "137", "138", "139", "150", "151",
                                              "155", "158", "177", "180", "181", "186", "189",
                                              "199"};

#define N_OF(a) ((int)(sizeof(a) / sizeof *(a)))

typedef enum Place { PLACE_VILLAGE, PLACE_COMMUNITY, PLACE_AGENCY } Place;

/* What to generate for one member; zeroes mean "random, by place". */
typedef struct Want {
  const char *name;
  int gender;         /* 0 random, 1 male, 2 female */
  int age_lo, age_hi; /* inclusive */
  bool full;          /* must be a 正式党员 (committee members, cadres) */
  const char *post;
} Want;

static int ppick(Gen *g, int n) { return pick(&g->prng, n); }

static void random_name(Gen *g, bool male, char out[32]) {
  const char *const *chars = male ? male_chars : female_chars;
  int n = male ? N_OF(male_chars) : N_OF(female_chars);
  const char *s = surnames[ppick(g, N_OF(surnames))];
  if (ppick(g, 10) < 3) {
    snprintf(out, 32, "%s%s", s, chars[ppick(g, n)]);
  } else {
    snprintf(out, 32, "%s%s%s", s, chars[ppick(g, n)], chars[ppick(g, n)]);
  }
}

static int random_age(Gen *g, Place place) {
  int r = ppick(g, 100);
  switch (place) {
  case PLACE_VILLAGE: /* skewed older: the young have left for work */
    return r < 8 ? 22 + ppick(g, 14) : r < 25 ? 36 + ppick(g, 15) : r < 55 ? 51 + ppick(g, 15)
                                                                           : 66 + ppick(g, 25);
  case PLACE_COMMUNITY:
    return r < 15 ? 22 + ppick(g, 14) : r < 35 ? 36 + ppick(g, 15) : r < 60 ? 51 + ppick(g, 15)
                                                                            : 66 + ppick(g, 23);
  case PLACE_AGENCY:
  default:
    return 24 + ppick(g, 36);
  }
}

static const char *random_category(Gen *g, Place place, int age) {
  int r = ppick(g, 100);
  if (place == PLACE_AGENCY) {
    return "在职";
  }
  if (place == PLACE_VILLAGE) {
    if (age >= 60) {
      return r < 85 ? "农民" : "离退休";
    }
    if (age < 25 && r < 20) {
      return "学生";
    }
    return r < 75 ? "农民" : r < 85 ? "在职" : r < 92 ? "下岗失业" : "其他";
  }
  if (age >= 60) {
    return r < 90 ? "离退休" : "其他";
  }
  if (age < 25 && r < 25) {
    return "学生";
  }
  return r < 70 ? "在职" : r < 82 ? "下岗失业" : "其他";
}

static const char *random_education(Gen *g, Place place, int age) {
  int r = ppick(g, 100);
  if (place == PLACE_AGENCY) {
    return r < 15 ? "研究生" : r < 75 ? "大学本科" : "大学专科";
  }
  if (age >= 65) {
    return r < 55 ? "小学及以下" : r < 85 ? "初中" : r < 95 ? "高中" : "中专";
  }
  if (age >= 45) {
    return r < 20 ? "小学及以下" : r < 60 ? "初中" : r < 85 ? "高中" : r < 93 ? "中专" : "大学专科";
  }
  return r < 10 ? "初中" : r < 30 ? "高中" : r < 40 ? "中专" : r < 70 ? "大学专科"
                                                                     : r < 97 ? "大学本科" : "研究生";
}

static const char *random_post(Gen *g, Place place, const char *category) {
  static const char *const farm[] = {"种植", "养殖", "外出务工", "个体经营"};
  static const char *const job_v[] = {"村医", "乡村教师", "企业职工"};
  static const char *const job_c[] = {"企业职工", "个体经营", "教师", "医务人员", "社区工作者"};
  if (place == PLACE_AGENCY) {
    return "乡镇干部";
  }
  if (strcmp(category, "农民") == 0) {
    return farm[ppick(g, N_OF(farm))];
  }
  if (strcmp(category, "在职") == 0) {
    return place == PLACE_VILLAGE ? job_v[ppick(g, N_OF(job_v))] : job_c[ppick(g, N_OF(job_c))];
  }
  if (strcmp(category, "离退休") == 0) {
    return "退休";
  }
  if (strcmp(category, "学生") == 0) {
    return "在校学生";
  }
  return strcmp(category, "下岗失业") == 0 ? "待业" : "无";
}

/* A birth date on which someone is exactly `age` on g->today. */
static Date random_birth(Gen *g, int age) {
  Date hi = date_add_months(g->today, -12 * age);
  Date lo = date_add_days(date_add_months(g->today, -12 * (age + 1)), 1);
  return date_add_days(lo, ppick(g, (int)date_days_between(lo, hi) + 1));
}

/* The 18-character ID number of someone born on birth (region g->region). */
static void make_id(Gen *g, Date birth, bool male, char out[IDCARD_SIZE]) {
  char d17[32];
  int parity = 2 * ppick(g, 5) + (male ? 1 : 0);
  snprintf(d17, sizeof d17, "%.6s%04d%02d%02d%02u%d", g->region, birth.y, birth.m, birth.d,
           (unsigned)(g->serial++ % 100), parity);
  memcpy(out, d17, 17);
  out[17] = idcard_check_char(d17);
  out[18] = '\0';
}

/*
 * Generates one member of org_id, checks it with member_check and inserts it. place_name
 * prefixes the address. *person_id gets the person. A DB_CONSTRAINT (the ID number exists
 * already) is retried with the next sequence number.
 */
static int add_person_member(Gen *g, int64_t org_id, Place place, const char *place_name,
                             const Want *w, int64_t *person_id, bool *full_out) {
  bool male = w->gender == 1 ? true : w->gender == 2 ? false
              : ppick(g, 100) >= (place == PLACE_VILLAGE ? 25 : place == PLACE_COMMUNITY ? 45 : 35);
  char name[32];
  if (w->name) {
    snprintf(name, sizeof name, "%s", w->name);
  } else {
    random_name(g, male, name);
  }
  int age = w->age_hi ? w->age_lo + ppick(g, w->age_hi - w->age_lo + 1) : random_age(g, place);
  Date birth = random_birth(g, age);
  Date adult = date_add_months(birth, 18 * 12);
  const char *category = random_category(g, place, age);
  char joined[DATE_ISO_SIZE], full[DATE_ISO_SIZE] = "", ext[DATE_ISO_SIZE] = "";
  char lost[DATE_ISO_SIZE] = "";
  Date latest_full_join = date_add_days(date_add_months(g->today, -12), -45);
  bool probationary = !w->full && ppick(g, 100) < (place == PLACE_AGENCY ? 12 : 16);
  if (date_compare(adult, latest_full_join) > 0) {
    probationary = true; /* too young to have finished a probation */
  }
  Date j;
  if (probationary) {
    if (ppick(g, 5) == 0) { /* extended by six months, still running */
      j = date_add_days(date_add_months(g->today, -(13 + ppick(g, 4))), -ppick(g, 20));
      date_format_iso(date_add_months(j, 18), ext);
    } else {
      j = date_add_days(g->today, -(5 + ppick(g, 330)));
    }
    if (date_compare(j, adult) < 0) {
      j = date_add_days(g->today, -ppick(g, 20));
      ext[0] = '\0';
    }
  } else {
    int64_t span = date_days_between(adult, latest_full_join);
    int64_t off = ppick(g, 10) < 8 ? 365 * 2 + ppick(g, 365 * 15) : ppick(g, (int)span + 1);
    if (off > span) {
      off = ppick(g, (int)span + 1);
    }
    j = date_add_days(adult, off);
    Date end = date_add_months(j, 12);
    if (ppick(g, 40) == 0) { /* an extended probation, long over */
      end = date_add_months(j, 18);
      if (date_compare(date_add_days(end, 45), g->today) < 0) {
        date_format_iso(end, ext);
      } else {
        end = date_add_months(j, 12);
      }
    }
    Date f = date_add_days(end, ppick(g, 40));
    if (date_compare(f, g->today) > 0) {
      f = g->today;
    }
    date_format_iso(f, full);
  }
  date_format_iso(j, joined);
  bool is_lost = !probationary && !w->full && ppick(g, 120) == 0;
  const char *standing = "正常";
  if (is_lost) {
    Date l = date_add_months(g->today, -(3 + ppick(g, 38)));
    if (date_compare(l, j) < 0) {
      l = g->today;
    }
    date_format_iso(l, lost);
    if (date_compare(l, date_add_months(g->today, -12)) < 0 && ppick(g, 2) == 0) {
      standing = "停止党籍";
    }
  }
  bool flowing = !is_lost && !w->full && place != PLACE_AGENCY && age < 60 &&
                 ppick(g, 100) < (place == PLACE_VILLAGE ? 10 : 5);
  char phone[16] = "", landline[24] = "", address[160];
  if (ppick(g, 100) < 93) {
    snprintf(phone, sizeof phone, "%s%04d%04d", mobile_prefixes[ppick(g, N_OF(mobile_prefixes))],
             ppick(g, 10000), ppick(g, 10000));
  }
  if (place == PLACE_COMMUNITY && ppick(g, 5) == 0) {
    snprintf(landline, sizeof landline, "0936-%d%06d", 2 + ppick(g, 7), ppick(g, 1000000));
  }
  if (place == PLACE_VILLAGE) {
    snprintf(address, sizeof address, "%s%d组%d号", place_name, 1 + ppick(g, 8), 1 + ppick(g, 60));
  } else if (place == PLACE_COMMUNITY) {
    snprintf(address, sizeof address, "%s%d号楼%d单元%d室", place_name, 1 + ppick(g, 30),
             1 + ppick(g, 4), 101 + ppick(g, 6) * 100 + ppick(g, 4));
  } else {
    snprintf(address, sizeof address, "%s", place_name);
  }
  const char *ethnicity = ppick(g, 100) < 94 ? "汉族" : minorities[ppick(g, N_OF(minorities))];
  char id[IDCARD_SIZE];
  MemberRecord m = {.name = name,
                    .gender = male ? "男" : "女",
                    .ethnicity = ethnicity,
                    .education = random_education(g, place, age),
                    .id_number = id,
                    .phone = phone,
                    .landline = landline,
                    .address = address,
                    .category = category,
                    .status = probationary ? "预备党员" : "正式党员",
                    .standing = standing,
                    .joined_date = joined,
                    .full_date = full,
                    .probation_end = ext,
                    .lost_contact = is_lost,
                    .lost_date = lost,
                    .flowing = flowing,
                    .flow_destination = flowing ? destinations[ppick(g, N_OF(destinations))] : NULL,
                    .work_post = w->post ? w->post : random_post(g, place, category)};
  int rc = DB_CONSTRAINT;
  for (int attempt = 0; rc == DB_CONSTRAINT && attempt < 20; attempt++) {
    make_id(g, birth, male, id);
    MemberNormal n;
    MemberProblem p[4];
    int np = member_check(&m, g->today, &n, p, 4);
    if (np > 0) {
      fprintf(stderr, "demo: generated member %s fails the rules: %s\n", name, p[0].message);
      return DB_ERR;
    }
    rc = member_insert(g->db, org_id, &m, &n, g->now, NULL, person_id);
  }
  g->stats->members += rc == DB_OK;
  if (full_out) {
    *full_out = !probationary;
  }
  return rc;
}

/* A 书记, committee and (villages) the two village committees' heads; then ordinary members
 * up to n. problem: 0 none, 1 vacant 书记, 2 no committee. On return *secretary is the
 * branch's 书记 person (0 when vacant). */
typedef struct BranchPlan {
  int64_t id;
  Place place;
  const char *place_name;
  const char *term; /* committee term start */
  int n;            /* members wanted */
  int problem;
  const char *secretary_name; /* fixed names for the demo accounts, or NULL */
  int secretary_gender;
  const char *member_name; /* one more fixed member (member1), or NULL */
  int member_gender;
} BranchPlan;

static int gen_branch_people(Gen *g, const BranchPlan *b) {
  int rc = DB_OK;
  int k = b->problem == 2 ? 0 : 1 + ppick(g, 4); /* committee members besides the 书记 */
  if (k == 1 && ppick(g, 3) != 0) {
    k = 2; /* mostly a committee of at least three */
  }
  int64_t secretary = 0, committee[4] = {0, 0, 0, 0};
  Want ws = {.name = b->secretary_name, .gender = b->secretary_gender, .age_lo = 36,
             .age_hi = 58, .full = true};
  rc = add_person_member(g, b->id, b->place, b->place_name, &ws, &secretary, NULL);
  static const char *const titles4[] = {"副书记", "组织委员", "宣传委员", "纪检委员"};
  static const char *const titles3[] = {"组织委员", "宣传委员", "纪检委员"};
  for (int i = 0; rc == DB_OK && i < k; i++) {
    Want wc = {.age_lo = 28, .age_hi = 62, .full = true};
    rc = add_person_member(g, b->id, b->place, b->place_name, &wc, &committee[i], NULL);
  }
  int made = 1 + k;
  /* positions */
  char vacated[DATE_ISO_SIZE];
  date_format_iso(date_add_months(g->today, -5), vacated);
  if (rc == DB_OK) {
    rc = member_add_position(g->db, secretary, b->id, "支部委员会", "书记", b->term,
                             b->problem == 1 ? vacated : NULL);
  }
  if (rc == DB_OK && b->place == PLACE_VILLAGE && ppick(g, 5) < 3) {
    /* re-elected: the previous term too */
    Date t;
    const char *why = NULL;
    if (date_parse(b->term, strlen(b->term), &t, &why) == 0) {
      char prev[DATE_ISO_SIZE], prev_end[DATE_ISO_SIZE];
      date_format_iso(date_add_months(t, -60), prev);
      date_format_iso(date_add_days(t, -1), prev_end);
      rc = member_add_position(g->db, secretary, b->id, "支部委员会", "书记", prev, prev_end);
    }
  }
  for (int i = 0; rc == DB_OK && i < k; i++) {
    rc = member_add_position(g->db, committee[i], b->id, "支部委员会",
                             k == 4 ? titles4[i] : titles3[i], b->term, NULL);
  }
  if (rc == DB_OK && b->place == PLACE_VILLAGE) {
    int64_t director = secretary, supervisor = 0;
    if (ppick(g, 4) == 0) { /* not 一肩挑 */
      Want wd = {.age_lo = 30, .age_hi = 60, .full = true};
      rc = add_person_member(g, b->id, b->place, b->place_name, &wd, &director, NULL);
      made++;
    }
    Want wv = {.age_lo = 35, .age_hi = 65, .full = true};
    if (rc == DB_OK) {
      rc = add_person_member(g, b->id, b->place, b->place_name, &wv, &supervisor, NULL);
      made++;
    }
    if (rc == DB_OK) {
      rc = member_add_position(g->db, director, b->id, "村民委员会", "村委会主任", b->term, NULL);
    }
    if (rc == DB_OK) {
      rc = member_add_position(g->db, supervisor, b->id, "村务监督委员会", "监委会主任", b->term,
                               NULL);
    }
  }
  /* chain */
  if (rc == DB_OK && b->problem != 1) {
    rc = member_add_responsibility(g->db, b->id, "first", secretary, b->term);
  }
  if (rc == DB_OK && k > 0) {
    rc = member_add_responsibility(g->db, b->id, "direct", committee[0], b->term);
  }
  if (rc == DB_OK && k > 1) {
    rc = member_add_responsibility(g->db, b->id, "specific", committee[1], b->term);
  }
  if (rc == DB_OK && b->member_name) {
    Want wm = {.name = b->member_name, .gender = b->member_gender, .age_lo = 30, .age_hi = 55,
               .full = true};
    rc = add_person_member(g, b->id, b->place, b->place_name, &wm, NULL, NULL);
    made++;
  }
  for (; rc == DB_OK && made < b->n; made++) {
    Want wr = {0};
    rc = add_person_member(g, b->id, b->place, b->place_name, &wr, NULL, NULL);
  }
  return rc;
}

/* The members wanted in a branch. */
static int branch_size(Gen *g, Place place) {
  switch (place) {
  case PLACE_VILLAGE:
    return ppick(g, 15) == 0 ? 51 + ppick(g, 8) : 15 + ppick(g, 31);
  case PLACE_COMMUNITY:
    return 20 + ppick(g, 41);
  case PLACE_AGENCY:
  default:
    return 8 + ppick(g, 13);
  }
}

/* The town's leadership as members of its 机关党支部 (agency_id), its 党委 positions and
 * chain; leaders[0..8] get the persons (8: 党建办主任). */
static int gen_town_people(Gen *g, int64_t town_id, int64_t agency_id, const char *town,
                           const char *term, bool first_district, int t, int64_t leaders[9]) {
  /* 镇 or 乡: the last character of the town's name */
  size_t len = strlen(town);
  const char *unit = len >= 3 ? town + len - 3 : "镇";
  static const char *const posts[9] = {"党委书记",           NULL,
                                       "党委副书记",         "党委委员、纪委书记",
                                       "党委委员、组织委员", "党委委员、宣传委员",
                                       "党委委员、武装部长", NULL,
                                       "党建办主任"};
  static const char *const titles[8] = {"书记",     "副书记",   "副书记", "纪检委员",
                                        "组织委员", "宣传委员", "委员",   "委员"};
  char place[160];
  snprintf(place, sizeof place, "%s人民政府", town);
  int rc = DB_OK;
  for (int i = 0; rc == DB_OK && i < 9; i++) {
    char post[96];
    if (i == 1) {
      snprintf(post, sizeof post, "%.3s党委副书记、%.3s长", unit, unit);
    } else if (i == 7) {
      snprintf(post, sizeof post, "%.3s党委委员、副%.3s长", unit, unit);
    } else if (i == 8) {
      snprintf(post, sizeof post, "%s", posts[i]);
    } else {
      snprintf(post, sizeof post, "%.3s%s", unit, posts[i]);
    }
    Want w = {.age_lo = i == 8 ? 30 : 38, .age_hi = i == 8 ? 45 : 56, .full = true, .post = post};
    if (first_district && t == 0 && i == 7) {
      w.name = "王志强"; /* the contact1 account */
      w.gender = 1;
    } else if (first_district && t < 2 && i == 8) {
      w.name = t == 0 ? "钱建华" : "孙立新"; /* the town1 / town2 accounts */
      w.gender = t == 0 ? 1 : 2;
    }
    rc = add_person_member(g, agency_id, PLACE_AGENCY, place, &w, &leaders[i], NULL);
    if (rc == DB_OK && i < 8) {
      rc = member_add_position(g->db, leaders[i], town_id, "党委", titles[i], term, NULL);
    }
  }
  if (first_district && t == 0) {
    g->contact_person = leaders[7];
  }
  if (rc == DB_OK) {
    rc = member_add_responsibility(g->db, town_id, "first", leaders[0], term);
  }
  if (rc == DB_OK) {
    rc = member_add_responsibility(g->db, town_id, "direct", leaders[2], term);
  }
  if (rc == DB_OK) {
    rc = member_add_responsibility(g->db, town_id, "specific", leaders[8], term);
  }
  return rc;
}

static int gen_town(Gen *g, int64_t district, int d, int t, bool first_district) {
  char name[160], short_name[96], code[64];
  const char *town = town_names[(t + d * 3) % (int)(sizeof town_names / sizeof *town_names)];
  snprintf(name, sizeof name, "中共%s委员会", town);
  snprintf(short_name, sizeof short_name, "%s党委", town);
  snprintf(code, sizeof code, "D%03dT%02d", d + 1, t + 1);
  int64_t town_id;
  char town_term[16];
  int rc = add_org_term(g, district, "town", name, short_name, code, &town_id, NULL, town_term);
  if (rc != DB_OK) {
    return rc;
  }
  g->stats->towns++;
  if (first_district && t < 2) {
    g->town[t] = town_id;
  }
  int n = 12 + pick(&g->rng, 14); /* 12–25 */
  int communities = t == 0 ? 3 : (pick(&g->rng, 3) == 0 ? 1 : 0);
  char used[32][48];
  int n_used = 0;
  int64_t branch_ids[32];
  bool branch_village[32];
  bool town1 = first_district && t == 0;
  for (int b = 0; b < n && rc == DB_OK; b++) {
    char base[48];
    const char *kind;
    if (b < communities) {
      snprintf(base, sizeof base, "%s社区", community_names[(b + t) % 10]);
      kind = "community";
    } else {
      bool dup;
      do {
        snprintf(base, sizeof base, "%s%s村",
                 village_first[pick(&g->rng, (int)(sizeof village_first / sizeof *village_first))],
                 village_second[pick(&g->rng,
                                     (int)(sizeof village_second / sizeof *village_second))]);
        dup = false;
        for (int k = 0; k < n_used; k++) {
          dup |= strcmp(used[k], base) == 0;
        }
      } while (dup);
      kind = "village";
    }
    snprintf(used[n_used++], sizeof used[0], "%s", base);
    snprintf(name, sizeof name, "中共%s%s支部委员会", town, base);
    snprintf(short_name, sizeof short_name, "%s党支部", base);
    snprintf(code, sizeof code, "D%03dT%02dB%02d", d + 1, t + 1, b + 1);
    int64_t id;
    char term[16];
    rc = add_org_term(g, town_id, kind, name, short_name, code, &id,
                      town1 && b == 4 ? "2019-04-15" : NULL, term);
    g->stats->branches++;
    if (rc == DB_OK) {
      rc = tag_branch(g, id, b < communities, b == communities);
    }
    if (rc == DB_OK) {
      rc = add_groups(g, id, short_name, code);
    }
    if (first_district && t < 2 && b < 2) {
      g->branch[t * 2 + b] = id;
    }
    branch_ids[b] = id;
    branch_village[b] = b >= communities;
    if (rc == DB_OK) {
      static const struct {
        const char *name;
        int gender;
      } secretaries[4] = {{"李春梅", 2}, {"周国庆", 1}, {"吴永红", 2}, {"郑海军", 1}};
      char place_name[160];
      snprintf(place_name, sizeof place_name, "%s%s", town, base);
      BranchPlan plan = {.id = id,
                         .place = b < communities ? PLACE_COMMUNITY : PLACE_VILLAGE,
                         .place_name = place_name,
                         .term = term,
                         .problem = town1 && b == 3 ? 1 : town1 && b == 5 ? 2 : 0};
      plan.n = branch_size(g, plan.place);
      if (town1 && b == 6) {
        plan.n = 56;
      }
      if (first_district && t < 2 && b < 2) {
        plan.secretary_name = secretaries[t * 2 + b].name;
        plan.secretary_gender = secretaries[t * 2 + b].gender;
      }
      if (town1 && b == 0) {
        plan.member_name = "冯秀兰"; /* the member1 account */
        plan.member_gender = 2;
      }
      rc = gen_branch_people(g, &plan);
    }
  }
  if (rc == DB_OK) {
    snprintf(name, sizeof name, "中共%s机关支部委员会", town);
    snprintf(short_name, sizeof short_name, "%s机关党支部", town);
    snprintf(code, sizeof code, "D%03dT%02dB%02d", d + 1, t + 1, n + 1);
    int64_t agency_id;
    char term[16];
    rc = add_org_term(g, town_id, "agency", name, short_name, code, &agency_id, NULL, term);
    g->stats->branches++;
    char place_name[160];
    snprintf(place_name, sizeof place_name, "%s人民政府", town);
    BranchPlan plan = {.id = agency_id, .place = PLACE_AGENCY, .place_name = place_name,
                       .term = term};
    plan.n = branch_size(g, PLACE_AGENCY);
    if (rc == DB_OK) {
      rc = gen_branch_people(g, &plan);
    }
    int64_t leaders[9] = {0};
    if (rc == DB_OK) {
      rc = gen_town_people(g, town_id, agency_id, town, town_term, first_district, t, leaders);
    }
    /* contact cadres: contact1 (an account, linked to 王志强 later) covers the first two
     * branches of town1 itself */
    for (int j = 0; rc == DB_OK && j < n; j++) {
      if (!(town1 && j == 0)) {
        rc = member_assign_contact(g->db, leaders[j % 8], 0, branch_ids[j], "village_leader",
                                   town_term, NULL);
      }
      if (rc == DB_OK && !branch_village[j]) {
        rc = member_assign_contact(g->db, leaders[8], 0, branch_ids[j], "instructor", town_term,
                                   NULL);
      }
      if (rc == DB_OK && branch_village[j] && j % 3 == 0) {
        int64_t cadre = 0;
        Want w = {.age_lo = 25, .age_hi = 42, .full = true, .post = "驻村干部"};
        rc = add_person_member(g, agency_id, PLACE_AGENCY, place_name, &w, &cadre, NULL);
        if (rc == DB_OK) {
          rc = member_assign_contact(g->db, cadre, 0, branch_ids[j], "resident_cadre", term,
                                     NULL);
        }
        if (rc == DB_OK && j % 6 == 0) {
          rc = member_add_position(g->db, cadre, branch_ids[j], "驻村工作队", "第一书记", term,
                                   NULL);
        }
      }
    }
  }
  return rc;
}

static int gen_accounts(Gen *g, const char *password) {
  char *hash = account_password_hash(password);
  if (!hash) {
    return DB_ERR;
  }
  const struct {
    const char *login, *name, *role;
    int64_t org;
  } demo[] = {
      {"admin", "系统管理员", "admin", 0},
      {"district", "赵组织", "district", g->district},
      {"town1", "钱建华", "town", g->town[0]},
      {"town2", "孙立新", "town", g->town[1]},
      {"branch1", "李春梅", "branch", g->branch[0]},
      {"branch2", "周国庆", "branch", g->branch[1]},
      {"branch3", "吴永红", "branch", g->branch[2]},
      {"branch4", "郑海军", "branch", g->branch[3]},
      {"contact1", "王志强", "contact", g->town[0]},
      {"member1", "冯秀兰", "member", g->branch[0]},
  };
  int rc = DB_OK;
  for (size_t i = 0; rc == DB_OK && i < sizeof demo / sizeof *demo; i++) {
    AccountNew a = {demo[i].login, demo[i].name, demo[i].role, demo[i].org, hash, false};
    int64_t id = 0;
    rc = account_insert(g->db, &a, g->now, &id);
    g->stats->accounts += rc == DB_OK;
    if (rc == DB_OK && strcmp(demo[i].role, "contact") == 0) {
      /* contact1 guides the first two branches of town1: 包村领导 of one, 驻村干部 of the other */
      rc = org_assign_contact(g->db, id, g->branch[0], "village_leader", "2024-01-01");
      if (rc == DB_OK) {
        rc = org_assign_contact(g->db, id, g->branch[1], "resident_cadre", "2024-01-01");
      }
      /* the account's assignments belong to the person 王志强 (a town1 leader) */
      if (rc == DB_OK && g->contact_person) {
        rc = member_link_account(g->db, id, g->contact_person);
      }
    }
  }
  free(hash);
  return rc;
}

int demo_generate(Db *db, DemoScale scale, uint64_t seed, const char *password, DemoStats *out) {
  return demo_generate_planted(db, scale, seed, password, out, NULL);
}

int demo_generate_planted(Db *db, DemoScale scale, uint64_t seed, const char *password,
                          DemoStats *out, DemoPlanted *planted) {
  return demo_generate_ex(db, scale, seed, password, true, out, planted);
}

int demo_generate_ex(Db *db, DemoScale scale, uint64_t seed, const char *password,
                     bool with_meetings, DemoStats *out, DemoPlanted *planted) {
  memset(out, 0, sizeof *out);
  Gen g = {.db = db,
           .rng = seed,
           .prng = seed ^ 0x6A09E667F3BCC908ULL,
           .now = time(NULL),
           .today = date_today(),
           .stats = out};
  int rc = db_begin(db);
  if (rc != DB_OK) {
    return rc;
  }
  db_bulk_mode(db, true); /* one large transaction: keep its pages in memory */
  for (int d = 0; rc == DB_OK && d < (int)scale; d++) {
    char name[160], short_name[96], code[64];
    const char *dn = district_names[d % 10];
    if (d < 10) {
      snprintf(name, sizeof name, "中共%s区委员会", dn);
      snprintf(short_name, sizeof short_name, "%s区委", dn);
    } else {
      snprintf(name, sizeof name, "中共%s%d区委员会", dn, d / 10 + 1);
      snprintf(short_name, sizeof short_name, "%s%d区委", dn, d / 10 + 1);
    }
    snprintf(code, sizeof code, "D%03d", d + 1);
    int64_t id;
    /* ID numbers of a district's people: 62 (甘肃) + a city and county code, 620702 first */
    snprintf(g.region, sizeof g.region, "62%02d%02d", 1 + (d / 10 + 6) % 14, 2 + d % 10);
    rc = add_org(&g, 0, "district", name, short_name, code, &id);
    if (d == 0) {
      g.district = id;
    }
    for (int t = 0; rc == DB_OK && t < 8; t++) {
      rc = gen_town(&g, id, d, t, d == 0);
    }
  }
  if (rc == DB_OK && with_meetings) {
    /* meetings for the first district, or the first two at larger scales (time) */
    rc = demo_meetings(db, seed, g.today, g.now, scale == DEMO_DISTRICT ? 1 : 2, planted,
                       &out->meetings);
    rc = rc == DB_OK ? demo_plans(db, seed, g.today, g.now) : rc;
  }
  if (rc == DB_OK) {
    rc = gen_accounts(&g, password);
  }
  if (rc != DB_OK) {
    db_rollback(db);
  } else {
    rc = db_commit(db);
  }
  db_bulk_mode(db, false);
  return rc;
}

/* ---- the command ---- */

int cli_demo_cmd(CliArgs *a) {
  const char *scale_s = cli_opt(a, "--scale") ? cli_opt(a, "--scale") : "district";
  DemoScale scale;
  if (strcmp(scale_s, "district") == 0) {
    scale = DEMO_DISTRICT;
  } else if (strcmp(scale_s, "city") == 0) {
    scale = DEMO_CITY;
  } else if (strcmp(scale_s, "province") == 0) {
    scale = DEMO_PROVINCE;
  } else if (strspn(scale_s, "0123456789") == strlen(scale_s) && strlen(scale_s) <= 3 &&
             atoi(scale_s) >= 1 && atoi(scale_s) <= 100) {
    scale = (DemoScale)atoi(scale_s); /* a number of districts (city: 10, province: 100) */
  } else {
    fprintf(stderr, "--scale 只能是 district、city、province 或 1 至 100 的区县个数\n");
    return 2;
  }
  uint64_t seed = 1;
  if (cli_opt(a, "--seed")) {
    char *end;
    seed = strtoull(cli_opt(a, "--seed"), &end, 10);
    if (!*cli_opt(a, "--seed") || *end) {
      fprintf(stderr, "--seed 应为非负整数\n");
      return 2;
    }
  }
  const char *password = cli_opt(a, "--demo-password") ? cli_opt(a, "--demo-password")
                                                       : "Demo#2024dj";
  const char *problem = account_password_problem(password, NULL);
  if (problem) {
    fprintf(stderr, "--demo-password 不符合密码要求：%s\n", problem);
    return 2;
  }
  Db *db = cli_open_db(a);
  if (!db) {
    return 1;
  }
  if (org_any(db) || account_any(db)) {
    fprintf(stderr, "数据库 %s 中已有数据；演示数据只能写入新数据库。\n", db_path(db));
    db_close(db);
    return 1;
  }
  DemoStats st;
  int rc = demo_generate_ex(db, scale, seed, password, !cli_opt(a, "--no-meetings"), &st, NULL);
  if (rc != DB_OK) {
    fprintf(stderr, "生成演示数据失败：%s\n", db_errmsg(db));
    db_close(db);
    return 1;
  }
  printf("已生成演示数据：%d 个组织（%d 个乡镇党委，%d 个支部），%d 名党员，%d 条会议记录，"
         "%d 个账户。\n",
         st.orgs, st.towns, st.branches, st.members, st.meetings, st.accounts);
  printf("演示账户（密码均为 %s）：\n", password);
  json_t *rows = account_list_json(db);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    printf("  %-10s %s\n", json_string_value(json_object_get(row, "login")),
           json_string_value(json_object_get(row, "org_name")));
  }
  json_decref(rows);
  db_close(db);
  return 0;
}
