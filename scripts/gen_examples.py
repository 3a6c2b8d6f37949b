#!/usr/bin/env python3
"""Generate the departmental example exports in examples/ and their expected findings.

Deterministic (fixed seed): running it twice writes identical files. Every identity
number and credit code is valid (GB 11643 / GB 32100 / GB 11714 check characters are
computed here) unless it is one of the injected errors; division codes come from
data/admin_divisions.csv (the example city is 福州市, 350100).

Each export has a handful of deliberate, realistic errors. They are listed in
examples/expected/<stem>.json with docs/spec.md §5 numbering (header = row 1, first data row =
row 2, columns 1-based) and the spec's finding codes; scripts/check_examples.py re-derives
the findings independently and compares.

Usage: python3 scripts/gen_examples.py   (from anywhere; writes into the repository)
"""
import csv
import io
import json
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")
SEED = 20261101
CITY = "350100"

# --- check characters -------------------------------------------------------------

GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
GB11643_CHECK = "10X98765432"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def gb11643_check(first17):
    """ISO 7064 MOD 11-2 check character of a citizen identity number."""
    s = sum(int(c) * w for c, w in zip(first17, GB11643_WEIGHTS))
    return GB11643_CHECK[s % 11]


def gb11714_check(first8):
    """GB 11714 check character; letters count A=10 ... Z=35."""
    s = sum(int(c, 36) * w for c, w in zip(first8, ORG_WEIGHTS))
    c = 11 - s % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def gb32100_check(first17):
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_CHARS[(31 - s % 31) % 31]


assert gb11643_check("34052419800101001") == "X"
assert gb32100_check("91350100M000100Y4") == "3"
assert gb11714_check("M000100Y") == "4"

# --- reference data ---------------------------------------------------------------


def load_divisions():
    flags = {}
    with open(os.path.join(ROOT, "data", "admin_divisions_flags.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            flags[row["code"]] = row["flag"]
    counties, names = [], {}
    with open(os.path.join(ROOT, "data", "admin_divisions.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if flags.get(row["code"]) == "nbs_development_zone":
                continue
            names[row["code"]] = row["name"]
            if row["level"] == "3":
                counties.append(row["code"])
    return counties, names


COUNTIES, DIVISION_NAMES = load_divisions()
CITY_COUNTIES = sorted(c for c in COUNTIES if c.startswith(CITY[:4]))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰志华建国文辉鑫宇浩然子涵欣怡晨阳思雨俊凯梓萱一诺嘉怡雪梅海燕春燕玉兰德福永福"
FIRMS = "鼎盛华瑞恒通宏远正泰金桥海创闽信榕城鼓楼福海融达佳禾新元晟泰博远星辰顺丰安和汇德盛世东方天宇中闽鑫源联创云帆智谷"
TRADES = [("软件科技", "I", "I6510", "软件开发、信息技术咨询服务、数据处理和存储支持服务"),
          ("电子商务", "F", "F5292", "互联网销售（除销售需要许可的商品）、日用百货销售"),
          ("建筑工程", "E", "E4710", "房屋建筑工程施工、建筑装饰、装修和其他建筑业"),
          ("食品", "C", "C1499", "食品生产、食品销售、农副产品销售"),
          ("餐饮管理", "H", "H6210", "餐饮服务、餐饮管理、外卖递送服务"),
          ("物流", "G", "G5810", "普通货物仓储服务、国内货物运输代理、道路货物运输"),
          ("贸易", "F", "F5191", "货物进出口、技术进出口、五金产品批发"),
          ("文化传媒", "R", "R8770", "组织文化艺术交流活动、广告设计、代理"),
          ("医疗器械", "F", "F5254", "第二类医疗器械销售、医护人员防护用品批发"),
          ("教育咨询", "P", "P8399", "教育咨询服务（不含涉许可审批的教育培训活动）"),
          ("物业管理", "K", "K7020", "物业管理、停车场服务、家政服务"),
          ("机械设备", "C", "C3499", "通用设备制造（不含特种设备制造）、机械设备销售")]
STREETS = ["五四路", "八一七北路", "湖东路", "工业路", "华林路", "杨桥中路", "福新中路", "江滨中大道",
           "金山大道", "连江北路", "六一北路", "东二环", "乌山路", "闽江大道", "浦上大道"]
DJZCLX = ["173", "173", "173", "159", "171", "172", "160", "110", "120", "310", "330", "230"]
ETHNIC = ["01"] * 30 + ["03", "22", "11", "02", "08", "06", "10", "12"]
MARITAL = ["10", "20", "21", "22", "30", "40"]
EDU = ["11", "14", "21", "31", "41", "47", "61", "71", "81"]
MOBILE_PREFIX = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
                 "152", "155", "157", "158", "159", "166", "177", "180", "181", "186", "187",
                 "188", "189", "191", "199"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.used = set()

    def unique(self, make):
        for _ in range(1000):
            v = make()
            if v not in self.used:
                self.used.add(v)
                return v
        raise RuntimeError("could not make a unique value")

    def name(self):
        n = self.r.choice(SURNAMES) + self.r.choice(GIVEN)
        if self.r.random() < 0.6:
            n += self.r.choice(GIVEN)
        return n

    def date(self, y0, y1):
        y = self.r.randint(y0, y1)
        m = self.r.randint(1, 12)
        d = self.r.randint(1, 28)
        return y, m, d

    def identity(self, birth, male=None, county=None):
        county = county or self.r.choice(COUNTIES if self.r.random() < 0.3 else CITY_COUNTIES)
        y, m, d = birth

        def make():
            seq = self.r.randint(0, 499) * 2 + (1 if male else 0) if male is not None else self.r.randint(1, 999)
            body = f"{county}{y:04d}{m:02d}{d:02d}{seq:03d}"
            return body + gb11643_check(body)
        return self.unique(make)

    def uscc(self, category="91", county=None):
        county = county or self.r.choice(CITY_COUNTIES)

        def make():
            org8 = "".join(self.r.choice("0123456789" if i else "0123456789ABCDEFGHJKLMNPQRTUWXY")
                           for i in range(8))
            org = org8 + gb11714_check(org8)
            body = category + county + org
            return body + gb32100_check(body)
        return self.unique(make)

    def mobile(self):
        return self.unique(lambda: self.r.choice(MOBILE_PREFIX) + f"{self.r.randint(0, 99999999):08d}")

    def address(self, county):
        return (f"福建省福州市{DIVISION_NAMES.get(county, '鼓楼区')}{self.r.choice(STREETS)}"
                f"{self.r.randint(1, 399)}号")


def wrong_check(value, alphabet):
    """The same value with a different, still well-formed check character."""
    last = value[-1]
    choices = [c for c in alphabet if c != last]
    return value[:-1] + choices[len(value) % len(choices)]


# --- writing ---------------------------------------------------------------------


def write_csv(stem, header, rows, encoding="utf-8", delimiter=",", bom=False):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for row in rows:
        w.writerow(row)
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(EXAMPLES, stem + ".csv"), "wb") as f:
        f.write(data)


def write_expected(stem, dataset, encoding, delimiter, rows, findings, note):
    findings = sorted(findings, key=lambda f: (f["row"], f["column"] or 0, f["code"]))
    doc = {
        "file": stem + ".csv",
        "dataset": dataset,
        "encoding": encoding,
        "delimiter": delimiter,
        "rows": rows,
        "note": note,
        "findings": findings,
    }
    with open(os.path.join(EXAMPLES, "expected", stem + ".json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")


class Errors:
    """Collects injected errors: data index i is spreadsheet row i + 2."""

    def __init__(self):
        self.items = []

    def add(self, i, column, code, why):
        self.items.append({"row": i + 2, "column": column, "code": code, "why": why})


# --- 1. enterprise registration (市市场监督管理局), UTF-8 with BOM, standard names -------

ENT_HEADER = ["统一社会信用代码", "企业名称", "登记注册类型", "法定代表人姓名", "注册资本", "成立日期",
              "住所", "行政区划代码", "行业门类", "经营范围", "登记状态", "登记机关", "手机号码", "从业人数"]


def enterprise_rows(g, n):
    rows, names = [], set()
    for _ in range(n):
        county = g.r.choice(CITY_COUNTIES)
        trade, section, _, scope = g.r.choice(TRADES)
        while True:
            name = f"福州{g.r.choice(FIRMS)}{g.r.choice(FIRMS)}{trade}有限公司"
            if name not in names:
                names.add(name)
                break
        y, m, d = g.date(1995, 2025)
        capital = g.r.choice(["10", "50", "100", "200", "500", "1000", "30.5", "88.8", "1200.000000", "3"])
        if g.r.random() < 0.25:
            scope = scope.replace("、", ",", 1)  # some registers use ASCII commas: quoted
        status = g.r.choice(["1"] * 8 + ["2", "3"])
        rows.append([g.uscc("91", county), name, g.r.choice(DJZCLX), g.name(), capital,
                     f"{y:04d}-{m:02d}-{d:02d}", g.address(county), county, section, scope, status,
                     f"福州市{DIVISION_NAMES[county]}市场监督管理局", g.mobile(),
                     str(g.r.randint(1, 800))])
    return rows


def gen_enterprise(g):
    rows = enterprise_rows(g, 80)
    e = Errors()
    rows[6][0] = wrong_check(rows[6][0], USCC_CHARS)
    e.add(6, 1, "checksum-failed", "统一社会信用代码 with a wrong check character")
    rows[11][2] = "175"
    e.add(11, 3, "not-in-codelist", "登记注册类型 175 is not a registration type code")
    rows[17][3] = ""
    e.add(17, 4, "required-value", "法定代表人姓名 left empty")
    rows[23][4] = "100.1234567"
    e.add(23, 5, "format-mismatch", "注册资本 with 7 decimals (format n..16,6)")
    rows[29][5] = "2023-02-30"
    e.add(29, 6, "type-mismatch", "成立日期 30 February")
    rows[34][5] = "1899-12-31"
    e.add(34, 6, "out-of-range", "成立日期 before the minimum 1900-01-01")
    rows[40][7] = "350171"
    e.add(40, 8, "not-in-codelist", "行政区划代码 350171 is not a GB/T 2260 code")
    rows[45][10] = "在营"
    e.add(45, 11, "not-in-codelist", "登记状态 written with the alias 在营 (standard code 1)")
    rows[51][12] = rows[51][12][:10]
    e.add(51, 13, "format-mismatch", "手机号码 with 10 digits")
    rows[56][13] = "约50"
    e.add(56, 14, "type-mismatch", "从业人数 is not an integer")
    rows[62] = [""] * len(ENT_HEADER)
    e.add(62, None, "blank-row", "an empty line of separators")
    rows[68][1] = rows[3][1]
    e.add(68, 2, "duplicate-value", "企业名称 repeats row 5")
    rows[74][0] = rows[9][0]
    e.add(74, 1, "duplicate-key", "统一社会信用代码 repeats row 11")
    write_csv("enterprise_registration", ENT_HEADER, rows, bom=True)
    write_expected("enterprise_registration", "enterprise-registration", "UTF-8", ",", len(rows),
                   e.items, "市市场监督管理局 export with the standard Chinese names; UTF-8 with BOM")
    clean = enterprise_rows(g, 30)
    write_csv("enterprise_registration_clean", ENT_HEADER, clean, bom=True)
    write_expected("enterprise_registration_clean", "enterprise-registration", "UTF-8", ",",
                   len(clean), [], "clean counterpart of enterprise_registration.csv")


# --- 2. tax registration (市税务局), the tax system's own pinyin headers --------------

TAX_HEADER = ["NSRSBH", "NSRMC", "SHXYDM", "FDDBR", "DJZCLX", "HYDM", "ZCDZ", "SCJYDZ", "DJRQ",
              "ZCZB", "LXDH", "NSRZT", "NSRZG", "ZGSWJGDM", "XZQHDM"]


def tax_rows(g, n):
    rows = []
    for _ in range(n):
        county = g.r.choice(CITY_COUNTIES)
        trade, _, industry, _ = g.r.choice(TRADES)
        name = f"福州{g.r.choice(FIRMS)}{g.r.choice(FIRMS)}{trade}有限公司"
        code = g.uscc("91", county)
        y, m, d = g.date(2005, 2025)
        rows.append([code, name, code, g.name(), g.r.choice(DJZCLX), industry, g.address(county),
                     g.address(county) if g.r.random() < 0.4 else "",
                     f"{y:04d}-{m:02d}-{d:02d}", g.r.choice(["10", "50", "100", "500", "25.5"]),
                     g.mobile(), g.r.choice(["01"] * 9 + ["02", "03", "05"]), g.r.choice(["1", "2", "2"]),
                     f"1{county}0000", county])
    return rows


def gen_tax(g):
    rows = tax_rows(g, 100)
    e = Errors()
    rows[4][0] = rows[4][0][:13]
    e.add(4, 1, "format-mismatch", "NSRSBH cut to 13 characters")
    rows[9][2] = wrong_check(rows[9][2], USCC_CHARS)
    e.add(9, 3, "checksum-failed", "SHXYDM with a wrong check character")
    rows[15][3] = ""
    e.add(15, 4, "required-value", "FDDBR left empty")
    rows[21][4] = "私营有限责任公司"
    e.add(21, 5, "not-in-codelist", "DJZCLX written as the name instead of code 173")
    rows[27][5] = "Z9999"
    e.add(27, 6, "pattern-mismatch", "HYDM with a section letter outside A-T")
    rows[33][8] = "2021/03/15"
    e.add(33, 9, "type-mismatch", "DJRQ with slashes instead of YYYY-MM-DD")
    rows[39][9] = "50.1234567"
    e.add(39, 10, "format-mismatch", "ZCZB with 7 decimals")
    rows[46][10] = "1591234567"
    e.add(46, 11, "pattern-mismatch", "LXDH (联系电话) with 10 digits: neither a mobile nor a landline number")
    rows[52][11] = "正常"
    e.add(52, 12, "not-in-codelist", "NSRZT written as the name instead of code 01")
    rows[58][14] = "350199"
    e.add(58, 15, "not-in-codelist", "XZQHDM 350199 is not a GB/T 2260 code")
    rows[64] = rows[64] + ["备注：已核实"]
    e.add(64, 16, "extra-cell", "a trailing cell beyond the 15 headers")
    rows[71] = list(rows[12])
    e.add(71, 1, "duplicate-key", "the taxpayer of row 14 exported twice")
    e.add(71, 3, "duplicate-value", "SHXYDM of row 14 again (unique field)")
    write_csv("tax_registration", TAX_HEADER, rows)
    write_expected("tax_registration", "tax-registration", "UTF-8", ",", len(rows), e.items,
                   "市税务局 export with the tax system's pinyin-initial headers; UTF-8 without BOM")
    clean = tax_rows(g, 30)
    write_csv("tax_registration_clean", TAX_HEADER, clean)
    write_expected("tax_registration_clean", "tax-registration", "UTF-8", ",", len(clean), [],
                   "clean counterpart of tax_registration.csv")


# --- 3. social insurance enrolment (市人力资源和社会保障局), GB18030 --------------------

SI_HEADER = ["社会保障号码", "姓名", "性别", "出生日期", "险种类型", "参保日期", "缴费工资", "参保状态",
             "单位编号", "手机号码", "户口类别"]


def si_rows(g, people):
    rows = []
    for _ in range(people):
        male = g.r.random() < 0.5
        birth = g.date(1965, 2003)
        sid = g.identity(birth, male)
        name, phone = g.name(), g.mobile()
        unit = f"35010{g.r.randint(10000000, 99999999)}"
        base = f"{g.r.choice([4500, 5200, 6000, 7800, 9000, 12000, 15300, 21000])}.00"
        start_year = max(birth[0] + 18, 2000)
        hk = g.r.choice(["1", "1", "2"])
        for xz in g.r.sample(["110", "310", "210", "410", "510"], 3):
            y, m, d = g.date(start_year, 2025)
            rows.append([sid, name, "1" if male else "2", f"{birth[0]:04d}{birth[1]:02d}{birth[2]:02d}", xz,
                         f"{y:04d}-{m:02d}-{d:02d}", base, g.r.choice(["1"] * 8 + ["2", "3"]), unit, phone, hk])
    return rows


def gen_social(g):
    rows = si_rows(g, 40)
    e = Errors()
    rows[5][0] = wrong_check(rows[5][0], GB11643_CHECK)
    e.add(5, 1, "checksum-failed", "社会保障号码 with a wrong check digit")
    rows[13][2] = "男"
    e.add(13, 3, "not-in-codelist", "性别 written 男 (alias of code 1)")
    rows[20][2] = "X"
    e.add(20, 3, "not-in-codelist", "性别 X is no GB/T 2261.1 code")
    rows[27][3] = "19890230"
    e.add(27, 4, "type-mismatch", "出生日期 30 February")
    rows[35][4] = "养老"
    e.add(35, 5, "not-in-codelist", "险种类型 written 养老 (alias of code 110)")
    rows[44][5] = ""
    e.add(44, 6, "required-value", "参保日期 left empty")
    rows[52][6] = "4500.125"
    e.add(52, 7, "format-mismatch", "缴费工资 with 3 decimals (format n..12,2)")
    rows[61][6] = "-4500.00"
    e.add(61, 7, "out-of-range", "缴费工资 below the minimum 0")
    rows[70][9] = rows[70][9][:10]
    e.add(70, 10, "format-mismatch", "手机号码 with 10 digits")
    rows[83] = rows[83][:10]
    e.add(83, 11, "missing-cell", "the last cell (户口类别, optional) is missing")
    dup = list(rows[90])
    dup[5] = "2024-07-01"  # re-enrolled: same person, same insurance type
    rows[96] = dup
    e.add(96, 1, "duplicate-key", "社会保障号码 + 险种类型 of row 92 again")
    write_csv("social_insurance_enrolment", SI_HEADER, rows, encoding="gb18030")
    write_expected("social_insurance_enrolment", "social-insurance-enrolment", "GB18030", ",", len(rows),
                   e.items, "市人力资源和社会保障局 export encoded in GB18030; header 缴费工资 is a synonym")
    clean = si_rows(g, 12)
    write_csv("social_insurance_enrolment_clean", SI_HEADER, clean, encoding="gb18030")
    write_expected("social_insurance_enrolment_clean", "social-insurance-enrolment", "GB18030", ",",
                   len(clean), [], "clean counterpart of social_insurance_enrolment.csv")


# --- 4. resident registration (市公安局), pipe-delimited ------------------------------

RES_HEADER = ["公民身份号码", "姓名", "性别", "民族", "出生日期", "婚姻状况", "文化程度", "户号",
              "与户主关系", "户口类别", "户籍地址", "户籍地行政区划代码", "户口登记日期", "手机号码"]


def res_rows(g, households):
    rows = []
    for _ in range(households):
        county = g.r.choice(CITY_COUNTIES)
        hh = g.unique(lambda: f"{g.r.randint(100000000, 999999999)}")
        addr = g.address(county)
        hk = "1" if g.r.random() < 0.85 else "2"
        size = g.r.choice([1, 2, 2, 3, 3, 4])
        head_birth = g.date(1955, 1995)
        reg = g.date(max(head_birth[0] + 18, 1980), 2025)
        for k in range(size):
            if k == 0:
                birth, rel = head_birth, "01"
            elif k == 1:
                birth, rel = g.date(head_birth[0] - 3, head_birth[0] + 3), "10"
            else:
                birth, rel = g.date(min(head_birth[0] + 22, 2020), min(head_birth[0] + 35, 2022)), "20"
            male = g.r.random() < 0.5
            adult = birth[0] <= 2006
            rows.append([g.identity(birth, male), g.name(), "1" if male else "2", g.r.choice(ETHNIC),
                         f"{birth[0]:04d}{birth[1]:02d}{birth[2]:02d}",
                         (g.r.choice(MARITAL) if rel == "20" else "20") if adult else "10",
                         g.r.choice(EDU) if adult else "81", hh, rel, hk, addr, county,
                         f"{reg[0]:04d}-{reg[1]:02d}-{reg[2]:02d}", g.mobile() if adult else ""])
    return rows


def gen_resident(g):
    rows = res_rows(g, 50)
    e = Errors()
    rows[3][0] = wrong_check(rows[3][0], GB11643_CHECK)
    e.add(3, 1, "checksum-failed", "公民身份号码 with a wrong check character")
    body = rows[10][0][:6] + "19900231" + rows[10][0][14:17]
    rows[10][0] = body + gb11643_check(body)
    e.add(10, 1, "checksum-failed", "公民身份号码 with 31 February inside (check digit right)")
    rows[16][0] = rows[16][0][:17]
    e.add(16, 1, "format-mismatch", "公民身份号码 with 17 characters")
    rows[22][1] = ""
    e.add(22, 2, "required-value", "姓名 left empty")
    rows[28][3] = "汉"
    e.add(28, 4, "not-in-codelist", "民族 written 汉 (alias of code 01)")
    rows[34][3] = "99"
    e.add(34, 4, "not-in-codelist", "民族 99 is no GB/T 3304 code")
    rows[41][4] = "18400101"
    e.add(41, 5, "out-of-range", "出生日期 before the minimum 18500101")
    rows[47][5] = "已婚"
    e.add(47, 6, "not-in-codelist", "婚姻状况 written as the name instead of code 20")
    rows[53][11] = "350101"
    e.add(53, 12, "not-in-codelist", "户籍地行政区划代码 350101 is not in the shipped GB/T 2260 list")
    rows[60] = [""] * len(RES_HEADER)
    e.add(60, None, "blank-row", "an empty line of separators")
    i = next(i for i in range(66, 79) if rows[i][13])
    rows[i][13] = rows[i][13][:10]
    e.add(i, 14, "format-mismatch", "手机号码 with 10 digits")
    dup = list(rows[7])
    dup[1] = g.name()
    rows[79] = dup
    e.add(79, 1, "duplicate-key", "公民身份号码 of row 9 registered again under another name")
    write_csv("resident_registration", RES_HEADER, rows, delimiter="|")
    write_expected("resident_registration", "resident-registration", "UTF-8", "|", len(rows), e.items,
                   "市公安局 export, pipe-delimited; header 文化程度 is a synonym of 学历")
    clean = res_rows(g, 15)
    write_csv("resident_registration_clean", RES_HEADER, clean, delimiter="|")
    write_expected("resident_registration_clean", "resident-registration", "UTF-8", "|", len(clean), [],
                   "clean counterpart of resident_registration.csv")


def main():
    os.makedirs(os.path.join(EXAMPLES, "expected"), exist_ok=True)
    g = Gen(SEED)
    gen_enterprise(g)
    gen_tax(g)
    gen_social(g)
    gen_resident(g)
    print("examples written")


if __name__ == "__main__":
    main()
