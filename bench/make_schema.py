#!/usr/bin/env python3
"""Write a Frictionless Table Schema equivalent to the `enterprise-registration` dataset.

What Table Schema can express is carried over: types, required, unique, primary key,
lengths, patterns for the formats, code lists as enums, GB/T 2260 codes as an enum from
data/admin_divisions.csv, minimums. What it cannot (the GB 32100 check character, the
mobile-number rule beyond its pattern) is left out, so frictionless does less work than
govdict on the same file.

Usage: python3 bench/make_schema.py > /tmp/enterprise.schema.json
"""
import csv
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

with open(os.path.join(ROOT, "data", "admin_divisions.csv"), encoding="utf-8") as f:
    DIVISIONS = sorted({row["code"] for row in csv.DictReader(f)})

REG_TYPES = ["100", "110", "120", "130", "140", "141", "142", "143", "149", "150", "151",
             "159", "160", "170", "171", "172", "173", "174", "190", "200", "210", "220",
             "230", "240", "290", "300", "310", "320", "330", "340", "390"]
SECTIONS = list("ABCDEFGHIJKLMNOPQRST")


def field(name, type_="string", **constraints):
    return {"name": name, "type": type_, "constraints": constraints} if constraints else {
        "name": name, "type": type_}


schema = {
    "fields": [
        field("统一社会信用代码", required=True,
              pattern="[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}"),
        field("企业名称", required=True, unique=True, maxLength=200),
        field("登记注册类型", required=True, enum=REG_TYPES),
        field("法定代表人姓名", required=True, maxLength=50),
        field("注册资本", "number", minimum=0),
        field("成立日期", "date", required=True, minimum="1900-01-01"),
        field("住所", required=True, maxLength=200),
        field("行政区划代码", required=True, enum=DIVISIONS),
        field("行业门类", enum=SECTIONS),
        field("经营范围", maxLength=4000),
        field("登记状态", required=True, enum=["1", "2", "3", "4", "5", "6"]),
        field("登记机关", maxLength=100),
        field("手机号码", pattern="1[3-9][0-9]{9}"),
        field("从业人数", "integer", minimum=0),
    ],
    "primaryKey": ["统一社会信用代码"],
}
json.dump(schema, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write("\n")
