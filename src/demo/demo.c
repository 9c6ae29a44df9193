#include "demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account/account.h"
#include "cli/cli.h"
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
  int64_t now;
  DemoStats *stats;
  int64_t last_id;
  /* ids remembered for the demo accounts */
  int64_t district, town[2], branch[4];
} Gen;

static const char *const group_names[] = {"第一", "第二", "第三", "第四", "第五",
                                          "第六", "第七", "第八"};

static int add_org(Gen *g, int64_t parent, const char *kind, const char *name,
                   const char *short_name, const char *code, int64_t *id) {
  /* Plausible dates: branches founded 1950–1995, towns 1949–1958; the current committees
   * took office in the 2021 synchronised 换届 (村/社区, 乡镇) or 2023 (agencies, 3 years). */
  char founded[16], term[16];
  bool branch = strcmp(kind, "district") != 0 && strcmp(kind, "town") != 0;
  snprintf(founded, sizeof founded, "%d-%02d-%02d",
           branch ? 1950 + pick(&g->rng, 46) : 1949 + pick(&g->rng, 10), 1 + pick(&g->rng, 12),
           1 + pick(&g->rng, 28));
  snprintf(term, sizeof term, "%s-%02d-%02d", strcmp(kind, "agency") == 0 ? "2023" : "2021",
           1 + pick(&g->rng, 6), 1 + pick(&g->rng, 28));
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

static int gen_town(Gen *g, int64_t district, int d, int t, bool first_district) {
  char name[160], short_name[96], code[64];
  const char *town = town_names[(t + d * 3) % (int)(sizeof town_names / sizeof *town_names)];
  snprintf(name, sizeof name, "中共%s委员会", town);
  snprintf(short_name, sizeof short_name, "%s党委", town);
  snprintf(code, sizeof code, "D%03dT%02d", d + 1, t + 1);
  int64_t town_id;
  int rc = add_org(g, district, "town", name, short_name, code, &town_id);
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
    rc = add_org(g, town_id, kind, name, short_name, code, &id);
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
  }
  if (rc == DB_OK) {
    snprintf(name, sizeof name, "中共%s机关支部委员会", town);
    snprintf(short_name, sizeof short_name, "%s机关党支部", town);
    snprintf(code, sizeof code, "D%03dT%02dB%02d", d + 1, t + 1, n + 1);
    rc = add_org(g, town_id, "agency", name, short_name, code, NULL);
    g->stats->branches++;
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
    }
  }
  free(hash);
  return rc;
}

int demo_generate(Db *db, DemoScale scale, uint64_t seed, const char *password, DemoStats *out) {
  memset(out, 0, sizeof *out);
  Gen g = {.db = db, .rng = seed, .now = time(NULL), .stats = out};
  int rc = db_begin(db);
  if (rc != DB_OK) {
    return rc;
  }
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
    rc = add_org(&g, 0, "district", name, short_name, code, &id);
    if (d == 0) {
      g.district = id;
    }
    for (int t = 0; rc == DB_OK && t < 8; t++) {
      rc = gen_town(&g, id, d, t, d == 0);
    }
  }
  if (rc == DB_OK) {
    rc = gen_accounts(&g, password);
  }
  if (rc != DB_OK) {
    db_rollback(db);
    return rc;
  }
  return db_commit(db);
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
  } else {
    fprintf(stderr, "--scale 只能是 district、city 或 province\n");
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
  int rc = demo_generate(db, scale, seed, password, &st);
  if (rc != DB_OK) {
    fprintf(stderr, "生成演示数据失败：%s\n", db_errmsg(db));
    db_close(db);
    return 1;
  }
  printf("已生成演示数据：%d 个组织（%d 个乡镇党委，%d 个支部），%d 个账户。\n", st.orgs,
         st.towns, st.branches, st.accounts);
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
