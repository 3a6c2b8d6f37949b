#!/usr/bin/env python3
"""Writes a large dictionary and a wide export for measuring `map suggest` at scale.

The dictionary is the repository's default dictionary (copied) plus N synthetic elements
spread over included files of at most 5,000 elements each (the YAML loader caps the nodes
of one file), with names built like real ones (department + qualifier + object +
property: 市场监管首次申报企业名称 …), English names, synonyms, pinyin-like identifiers,
types, formats, some code lists and rules, and a dataset over some of them. The export has
C columns mixing Chinese, English, snake_case, pinyin-initial and vendor headers, with
values of every kind the default dictionary knows (identity numbers, dates, codes,
amounts, names, addresses) and values of the synthetic elements.

Usage: generate.py --elements 100000 --columns 200 --rows 1000 --out DIR [--seed S]
Writes DIR/dictionary/ (manifest dictionary.yaml) and DIR/export.csv.
Standard library only."""

import argparse
import os
import random
import shutil

DEPTS = ["市场监管", "税务", "人社", "公安", "民政", "卫健", "教育", "住建", "交通", "农业",
         "自然资源", "生态环境", "商务", "文旅", "应急", "医保", "统计", "审计", "水利", "林业",
         "司法", "财政", "发改", "工信", "科技", "体育", "信访", "档案", "气象", "消防",
         "海关", "邮政", "烟草", "粮食", "能源", "电力", "通信", "金融", "港口", "机场"]
QUALS = ["首次", "最近", "申报", "审批", "变更", "注销", "登记", "备案", "核准", "年检",
         "抽查", "处罚", "许可", "补贴", "认定", "评估", "验收", "检测", "撤销", "延续",
         "迁入", "迁出", "发放", "缴纳", "退还", "预警", "督办", "复核", "受理", "办结"]
OBJECTS = ["企业", "人员", "车辆", "房屋", "土地", "项目", "合同", "证照", "设备", "场所",
           "产品", "药品", "食品", "学校", "医院", "船舶", "河道", "林地", "矿山", "工程",
           "账户", "票据", "案件", "事项", "网格", "楼宇", "管线", "站点", "仓库", "档案"]
PROPS = [("名称", "name", "c..100", None), ("编号", "number", "c..30", None),
         ("日期", "date", "YYYY-MM-DD", "date"), ("金额", "amount", "n..18,2", "decimal"),
         ("地址", "address", "c..200", None), ("状态", "status", None, "code"),
         ("类型", "type", None, "code"), ("数量", "quantity", "n..10", "integer"),
         ("面积", "area", "n..12,2", "decimal"), ("电话", "phone", "c..20", None),
         ("负责人", "person in charge", "c..50", None), ("说明", "description", "c..500", None),
         ("代码", "code", "c18", None), ("时间", "time", "YYYY-MM-DDThh:mm:ss", "datetime"),
         ("比例", "ratio", "n..5,2", "decimal"), ("等级", "grade", None, "code"),
         ("区划", "division", None, "code"), ("期限", "term", "n..4", "integer"),
         ("结果", "result", "c..100", None), ("依据", "basis", "c..300", None)]
EN_DEPTS = ["market", "tax", "hr", "police", "civil", "health", "edu", "housing", "transport",
            "agri", "land", "env", "commerce", "culture", "emergency", "medins", "stats",
            "audit", "water", "forest", "justice", "finance", "devref", "industry", "sci",
            "sport", "petition", "archive", "weather", "fire", "customs", "post", "tobacco",
            "grain", "energy", "power", "telecom", "bank", "port", "airport"]
EN_QUALS = ["first", "latest", "declared", "approved", "changed", "cancelled", "registered",
            "filed", "sanctioned", "annual", "sampled", "penalty", "licence", "subsidy",
            "certified", "assessed", "accepted", "tested", "revoked", "renewed", "moved in",
            "moved out", "issued", "paid", "refunded", "alert", "supervised", "reviewed",
            "received", "closed"]
EN_OBJECTS = ["enterprise", "person", "vehicle", "house", "land", "project", "contract",
              "licence", "device", "venue", "product", "drug", "food", "school", "hospital",
              "ship", "river", "forest land", "mine", "works", "account", "invoice", "case",
              "matter", "grid", "building", "pipeline", "station", "warehouse", "archive"]
CODELISTS = ["SZ-DJZT", "SZ-NSRZT", "SZ-HKLB", "GB/T 2261.1-2003", "SZ-XZLX", "GB/T 4754-2017"]
PER_FILE = 5000


def initials(name_en):
    return "".join(w[0] for w in name_en.split()).upper()


COMBINATIONS = len(DEPTS) * len(QUALS) * len(OBJECTS) * len(PROPS)


def element(i, combination, r):
    """The i-th element; `combination` (distinct per element) picks its name's parts."""
    combination, p = divmod(combination, len(PROPS))
    combination, o = divmod(combination, len(OBJECTS))
    d, q = divmod(combination, len(QUALS))
    prop, prop_en, fmt, typ = PROPS[p]
    name = DEPTS[d] + QUALS[q] + OBJECTS[o] + prop
    name_en = "%s %s %s %s" % (EN_DEPTS[d], EN_QUALS[q], EN_OBJECTS[o], prop_en)
    lines = ["  - id: SYN%06d" % i,
             "    identifier: %s%d" % (initials(name_en), i),
             "    name: %s" % name,
             "    name_en: %s" % name_en,
             "    synonyms: [%s%s]" % (QUALS[q] + OBJECTS[o] + prop, "%d" % i),
             "    definition: %s的%s（合成数据元，用于规模测试）" % (DEPTS[d] + OBJECTS[o], prop),
             "    object_class: %s" % OBJECTS[o],
             "    property: %s" % (QUALS[q] + prop),
             "    representation: %s" % prop]
    if typ == "code":
        lines += ["    type: code", "    codelist: %s" % r.choice(CODELISTS)]
    else:
        lines.append("    type: %s" % (typ or "string"))
        if fmt:
            lines.append("    format: %s" % fmt)
    lines += ["    classification: L%d" % r.choice([1, 1, 2, 3]), "    status: standard",
              "    since: 1.0.0", ""]
    return "\n".join(lines), (name, name_en, prop, typ)


def value(r, kind):
    prop, typ = kind[2], kind[3]
    if typ == "date":
        return "20%02d-%02d-%02d" % (r.randint(0, 23), r.randint(1, 12), r.randint(1, 28))
    if typ == "datetime":
        return "2024-%02d-%02dT%02d:%02d:00" % (r.randint(1, 12), r.randint(1, 28),
                                                r.randint(0, 23), r.randint(0, 59))
    if typ in ("decimal", "integer"):
        return "%d" % r.randint(1, 9999) if typ == "integer" else "%.2f" % r.uniform(1, 9999)
    if typ == "code":
        return r.choice(["1", "2", "3"])
    if prop == "电话":
        return "0591-%d" % r.randint(20000000, 89999999)
    return "%s%d" % (prop, r.randint(1, 99999))


DEFAULT_COLUMNS = [
    ("身份证号码", lambda r: "350102199001011234"), ("xm", lambda r: r.choice("王李张刘") + "小明"),
    ("性别", lambda r: r.choice(["男", "女"])), ("csrq", lambda r: "1990/01/%02d" % r.randint(1, 28)),
    ("Mobile", lambda r: "138%08d" % r.randint(0, 99999999)),
    ("统一社会信用代码", lambda r: "91350102MA2XYZ1234"), ("ent_name", lambda r: "福州华信科技有限公司"),
    ("reg_addr", lambda r: "福建省福州市鼓楼区五四路%d号" % r.randint(1, 300)),
    ("注册资本(万元)", lambda r: "%.2f" % r.uniform(1, 5000)), ("djzt", lambda r: r.choice(["存续", "注销"])),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--elements", type=int, default=100000)
    ap.add_argument("--columns", type=int, default=200)
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    r = random.Random(a.seed)
    here = os.path.dirname(os.path.abspath(__file__))
    source = os.path.join(here, "..", "..", "dictionary")
    target = os.path.join(a.out, "dictionary")
    if os.path.exists(target):
        shutil.rmtree(target)
    shutil.copytree(source, target)
    os.makedirs(os.path.join(target, "synthetic"))
    if a.elements > COMBINATIONS:
        ap.error("at most %d elements" % COMBINATIONS)
    combinations = r.sample(range(COMBINATIONS), a.elements)
    kinds = []
    for start in range(0, a.elements, PER_FILE):
        chunk = []
        for i in range(start, min(start + PER_FILE, a.elements)):
            text, kind = element(i, combinations[i], r)
            chunk.append(text)
            kinds.append(kind)
        with open(os.path.join(target, "synthetic", "part%03d.yaml" % (start // PER_FILE)),
                  "w", encoding="utf-8") as f:
            f.write("elements:\n" + "\n".join(chunk))
    with open(os.path.join(target, "synthetic", "datasets.yaml"), "w", encoding="utf-8") as f:
        f.write("datasets:\n  - id: synthetic-register\n    name: 合成登记信息\n    fields:\n")
        for i in range(0, min(a.elements, 40)):
            f.write("      - {element: SYN%06d}\n" % i)
    manifest = os.path.join(target, "dictionary.yaml")
    text = open(manifest, encoding="utf-8").read()
    text = text.replace("include: [codelists/*.yaml, elements/*.yaml, datasets/*.yaml]",
                        "include: [codelists/*.yaml, elements/*.yaml, datasets/*.yaml, "
                        "synthetic/*.yaml]")
    open(manifest, "w", encoding="utf-8").write(text)

    # The export: the default dictionary's columns, then synthetic ones in every style.
    columns = list(DEFAULT_COLUMNS[: a.columns])
    styles = ["zh", "en", "snake", "initials", "vendor"]
    while len(columns) < a.columns:
        k = r.randrange(len(kinds))
        name, name_en, _, _ = kinds[k]
        style = r.choice(styles)
        header = {"zh": name, "en": name_en.title(), "snake": name_en.replace(" ", "_"),
                  "initials": initials(name_en).lower(), "vendor": "F%d" % (len(columns) + 1)}[style]
        columns.append((header, (lambda kind: lambda rr: value(rr, kind))(kinds[k])))
    seen = set()
    headers = []
    for i, (h, _) in enumerate(columns):
        headers.append(h if h not in seen else "%s_%d" % (h, i))
        seen.add(headers[-1])
    import csv
    with open(os.path.join(a.out, "export.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(headers)
        for _ in range(a.rows):
            w.writerow([gen(r) for _, gen in columns])


if __name__ == "__main__":
    main()
