#!/usr/bin/env python3
"""Generates departmental exports of the default dictionary's four datasets that the
suggestion engine has never seen: varied header styles, layouts, encodings, delimiters and
value formats, each with a truth file (`<stem>.truth.yaml`, source -> element or null).

Two seed sets are kept apart: `tuning` (seeds 1000-1999, the header variants marked
held-out are never drawn) and `test` (seeds 9000-9999, every variant). Tune only on the
tuning set; report figures from the test set only.

Usage: generate.py --set tuning|test --count N [--first K] --out DIR
Standard library only (xlsx files are written with zipfile)."""

import argparse
import datetime
import os
import random
import zipfile
from xml.sax.saxutils import escape

SETS = {"tuning": 1000, "test": 9000}

# ---------------------------------------------------------------- values

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
COUNTIES = ["350102", "350103", "350104", "350105", "350111", "110105", "310104",
            "330106", "440305"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文辉玲萍鹏飞宇浩然思雨欣怡子涵梓轩一鸣晓东海燕春梅"
STREETS = ["杨桥中路", "五四路", "工业路", "湖东路", "华林路", "福新路", "六一北路", "建设大道",
           "解放西路", "人民南路", "滨江路", "长安街"]
CITIES = ["福建省福州市鼓楼区", "福建省福州市台江区", "福建省福州市晋安区", "北京市朝阳区",
          "上海市徐汇区", "浙江省杭州市西湖区", "广东省深圳市南山区", "福州市仓山区"]
ORG_CORES = ["华信", "闽江", "恒泰", "鑫源", "海峡", "榕城", "东升", "远景", "启明", "金桥",
             "博雅", "正和", "中科", "天成", "宏达", "安顺"]
ORG_TRADES = ["科技", "商贸", "建设工程", "物流", "食品", "信息技术", "医药", "农业", "文化传媒",
              "机械制造", "餐饮管理", "电子"]
ORG_SUFFIX = ["有限公司", "有限责任公司", "股份有限公司", "专业合作社", "服务中心", "有限公司分公司"]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_W = [3, 7, 9, 10, 5, 8, 4, 2]


def id_number(r, birth):
    body = r.choice(COUNTIES) + birth.strftime("%Y%m%d") + "%03d" % r.randint(1, 999)
    s = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS))
    return body + ID_CHECK[s % 11]


def uscc(r):
    org = "".join(r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY"[:10 + 0]) for _ in range(8))
    c = 11 - sum(int(ch, 36) * w for ch, w in zip(org, ORG_W)) % 11
    org += "X" if c == 10 else ("0" if c == 11 else str(c))
    body = "91" + r.choice(COUNTIES) + org
    s = sum(USCC_CHARS.index(ch) * w for ch, w in zip(body, USCC_W))
    return body + USCC_CHARS[(31 - s % 31) % 31]


def person_name(r):
    return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice([1, 2, 2])))


def org_name(r):
    city = r.choice(["福州", "福建", "厦门", "", "闽侯县"])
    return city + r.choice(ORG_CORES) + r.choice(ORG_TRADES) + r.choice(ORG_SUFFIX)


def address(r):
    return r.choice(CITIES) + r.choice(STREETS) + "%d号" % r.randint(1, 300) + r.choice(
        ["", "%d栋%d室" % (r.randint(1, 20), r.randint(101, 2808)), "%d单元" % r.randint(1, 6)])


def mobile(r):
    return r.choice(["138", "139", "135", "152", "159", "177", "186", "189", "130"]) + \
        "%08d" % r.randint(0, 99999999)


def landline(r):
    return r.choice(["0591-", "0591", "010-", "021-", "0571-"]) + "%d" % r.randint(20000000, 89999999)


def date(r, lo=1950, hi=2023):
    d = datetime.date(lo, 1, 1) + datetime.timedelta(days=r.randint(0, (hi - lo) * 365))
    return d


DATE_TEMPLATES = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "{y}年{m}月{d}日", "%Y-%m-%d"]


def fmt_date(d, tpl):
    if "{" in tpl:
        return tpl.format(y=d.year, m=d.month, d=d.day)
    return d.strftime(tpl)


def amount(r, hi, sep, decimals):
    v = r.uniform(1, hi)
    s = ("{:,.%df}" % decimals if sep else "{:.%df}" % decimals).format(v)
    return s


def code_value(r, codes, style):
    """codes: list of (code, name, aliases); style: code|name|alias|mixed"""
    c = r.choice(codes)
    if style == "code":
        return c[0]
    if style == "name":
        return c[1]
    if style == "alias" and c[2]:
        return r.choice(c[2])
    return r.choice([c[0], c[1]])


SEX = [("1", "男", ["男性", "M", "m"]), ("2", "女", ["女性", "F", "f"])]
NATION = [("01", "汉族", []), ("03", "回族", []), ("08", "壮族", []), ("12", "侗族", []),
          ("11", "满族", []), ("10", "朝鲜族", []), ("06", "苗族", [])]
MARITAL = [("10", "未婚", []), ("20", "已婚", []), ("40", "离婚", []), ("30", "丧偶", [])]
EDU = [("21", "大学本科毕业", []), ("31", "大学专科毕业", []), ("61", "普通高中毕业", []),
       ("71", "初中毕业", []), ("14", "硕士研究生毕业", [])]
RELATION = [("02", "户主", []), ("10", "配偶", []), ("20", "子", []), ("30", "女", []),
            ("01", "本人", [])]
HKLB = [("1", "家庭户口", []), ("2", "集体户口", [])]
XZLX = [("110", "企业职工基本养老保险", ["养老保险"]), ("210", "失业保险", []),
        ("310", "职工基本医疗保险", ["医疗保险"]), ("410", "工伤保险", []), ("510", "生育保险", [])]
CBZT = [("1", "参保缴费", ["正常参保"]), ("2", "暂停缴费", []), ("3", "终止参保", [])]
DJZT = [("1", "存续", []), ("2", "吊销", []), ("3", "注销", []), ("4", "迁出", [])]
NSRZT = [("01", "正常", []), ("02", "非正常户", []), ("03", "停业", []), ("05", "注销", [])]
NSRZG = [("1", "一般纳税人", []), ("2", "小规模纳税人", [])]
DJZCLX = [("110", "国有企业", []), ("159", "其他有限责任公司", []), ("173", "私营有限责任公司", []),
          ("120", "集体企业", [])]
HYML = [("A", "农、林、牧、渔业", []), ("C", "制造业", []), ("F", "批发和零售业", []),
        ("I", "信息传输、软件和信息技术服务业", []), ("E", "建筑业", [])]

# ---------------------------------------------------------------- fields
# Each field: element id, header variants by style, value generator(r, ctx) -> str.
# A variant written with a leading '!' is held out: drawn for the test set only.


def H(**styles):
    return styles


FIELDS = {
    "DE00001": (H(zh=["身份证号码", "公民身份证号", "证件号码(身份证)", "!身份证件号"],
                  en=["ID Card No", "Citizen ID", "!Identity Number"],
                  snake=["id_card_no", "id_no", "!idcard"], camel=["idCardNo", "!citizenId"],
                  pinyin=["shenfenzheng", "shenfenzhenghaoma", "!gongminshenfenhao"],
                  initials=["sfzh", "gmsfhm", "!sfzhm"], code=["AAC002"]),
                lambda r, c: c["id"]),
    "DE05001": (H(zh=["社会保障号", "社保卡号码", "!个人社会保障号"],
                  en=["Social Security No", "!SSN"], snake=["social_security_no", "!ss_no"],
                  camel=["socialSecurityNo"], pinyin=["shebaohao", "!shehuibaozhanghaoma"],
                  initials=["shbzh", "!sbh"], code=["AAC002"]),
                lambda r, c: c["id"]),
    "DE00002": (H(zh=["姓名", "人员姓名", "!参保人"], en=["Name", "Full Name", "!Person Name"],
                  snake=["person_name", "full_name", "!xm_name"], camel=["personName", "!fullName"],
                  pinyin=["xingming", "!renyuanxingming"], initials=["xm", "!ryxm"], code=["AAC003"]),
                lambda r, c: c["name"]),
    "DE00003": (H(zh=["性别", "性别名称", "!性 别"], en=["Sex", "Gender"], snake=["sex", "gender_cd"],
                  camel=["gender", "!sexCode"], pinyin=["xingbie"], initials=["xb", "!xbdm"],
                  code=["AAC004"]),
                lambda r, c: c["sex"]),
    "DE00004": (H(zh=["出生日期", "出生年月日", "!生日"], en=["Birth Date", "Date of Birth", "!DOB"],
                  snake=["birth_date", "birthday", "!dob"], camel=["birthDate", "!birthday"],
                  pinyin=["chushengriqi", "!chusheng_riqi"], initials=["csrq"], code=["AAC006"]),
                lambda r, c: fmt_date(c["birth"], c["date_tpl"])),
    "DE00005": (H(zh=["民族", "民族名称", "!族别"], en=["Ethnicity", "!Ethnic Group"],
                  snake=["ethnic", "nation", "!ethnic_group"], camel=["ethnicGroup", "!nation"],
                  pinyin=["minzu"], initials=["mz", "!mzdm"]),
                lambda r, c: code_value(r, NATION, c["code_style"])),
    "DE00006": (H(zh=["婚姻状况", "婚姻状态", "!婚否"], en=["Marital Status"], snake=["marital_status"],
                  camel=["maritalStatus"], pinyin=["hunyinzhuangkuang"], initials=["hyzk"]),
                lambda r, c: code_value(r, MARITAL, c["code_style"])),
    "DE00007": (H(zh=["学历", "文化程度", "!最高学历"], en=["Education"], snake=["education", "edu_level"],
                  camel=["eduLevel"], pinyin=["xueli", "!wenhuachengdu"], initials=["xl", "!whcd"]),
                lambda r, c: code_value(r, EDU, c["code_style"])),
    "DE00010": (H(zh=["户号", "户编号", "!户口簿号"], en=["Household No"], snake=["household_no", "hh_no"],
                  camel=["householdNo"], pinyin=["huhao"], initials=["hh", "!hbh"]),
                lambda r, c: c["huhao"]),
    "DE00011": (H(zh=["与户主关系", "与户主的关系", "!家庭关系"], en=["Relation to Householder", "!Relationship"],
                  snake=["relation_to_head", "!relation"], camel=["relationToHead"],
                  pinyin=["yuhuzhuguanxi", "yu_huzhu_guanxi"], initials=["yhzgx"]),
                lambda r, c: code_value(r, RELATION, c["code_style"])),
    "DE00009": (H(zh=["户口类别", "户别", "!户口类型"], en=["Household Type", "!Hukou Type"],
                  snake=["hukou_type", "household_type"], camel=["hukouType"],
                  pinyin=["hukouleibie", "hukou_leibie"], initials=["hklb"]),
                lambda r, c: code_value(r, HKLB, c["code_style"])),
    "DE03004": (H(zh=["户籍地址", "户籍地详址", "!户籍所在地址"], en=["Registered Address", "!Hukou Address"],
                  snake=["hukou_addr", "reg_address", "!domicile_addr"], camel=["hukouAddr"],
                  pinyin=["hujidizhi", "!huji_dizhi"], initials=["hjdz", "!hjdxz"]),
                lambda r, c: address(r)),
    "DE03007": (H(zh=["户籍地区划", "户籍地行政区划代码", "!户籍区县代码"], en=["Hukou Division Code"],
                  snake=["hukou_area_code", "!hj_div_code"], camel=["hukouAreaCode"],
                  pinyin=["hujiquhua"], initials=["hjdqh", "!hjqhdm"]),
                lambda r, c: r.choice(COUNTIES)),
    "DE02008": (H(zh=["落户日期", "户口登记日期", "!户籍登记时间"], en=["Registration Date", "!Settle Date"],
                  snake=["settle_date", "hukou_reg_date"], camel=["settleDate"],
                  pinyin=["luohuriqi", "luohu_riqi"], initials=["hrq", "!hkdjrq"]),
                lambda r, c: fmt_date(date(r, 1990, 2023), c["date_tpl2"])),
    "DE06001": (H(zh=["手机号码", "联系手机", "!本人手机"], en=["Mobile", "Mobile Phone", "!Cell Phone"],
                  snake=["mobile", "mobile_no", "!cell_phone"], camel=["mobileNo", "!cellPhone"],
                  pinyin=["shoujihao", "!shouji"], initials=["sjhm", "!sjh"]),
                lambda r, c: mobile(r)),
    "DE05002": (H(zh=["险种", "参保险种", "!险种名称"], en=["Insurance Type", "!Insurance"],
                  snake=["insurance_type", "!ins_type"], camel=["insuranceType"],
                  pinyin=["xianzhong"], initials=["xzlx", "!cbxz"], code=["AAE140"]),
                lambda r, c: code_value(r, XZLX, c["code_style"])),
    "DE05003": (H(zh=["参保日期", "参保时间", "!首次参保日期"], en=["Enrolment Date", "!Insured Since"],
                  snake=["enrol_date", "insured_date"], camel=["enrolDate"],
                  pinyin=["canbaoriqi"], initials=["cbrq", "!cbsj"]),
                lambda r, c: fmt_date(date(r, 1995, 2023), c["date_tpl2"])),
    "DE05004": (H(zh=["缴费基数", "月缴费基数", "!缴费工资基数"], en=["Contribution Base", "!Wage Base"],
                  snake=["contrib_base", "pay_base_amt"], camel=["contribBase"],
                  pinyin=["jiaofeijishu"], initials=["jfjs"], code=["AAE180"]),
                lambda r, c: amount(r, 30000, c["sep"], 2)),
    "DE05005": (H(zh=["参保状态", "缴费状态", "!人员参保状态"], en=["Enrolment Status", "!Status"],
                  snake=["enrol_status", "!ins_status"], camel=["enrolStatus"],
                  pinyin=["canbaozhuangtai"], initials=["cbzt"], code=["AAC008"]),
                lambda r, c: code_value(r, CBZT, c["code_style"])),
    "DE05007": (H(zh=["单位编号", "参保单位编号", "!单位社保编码"], en=["Employer No", "!Employer ID"],
                  snake=["employer_no", "unit_no"], camel=["employerNo"],
                  pinyin=["danweibianhao"], initials=["dwbh"], code=["AAB001"]),
                lambda r, c: c["unit"]),
    "DE01001": (H(zh=["统一社会信用代码", "社会信用代码", "!信用代码"], en=["Unified Social Credit Code", "USCC", "!Credit Code"],
                  snake=["credit_code", "uscc", "!uni_credit_code"], camel=["creditCode", "!usccCode"],
                  pinyin=["tongyishehuixinyongdaima"], initials=["tyshxydm", "shxydm"]),
                lambda r, c: c["uscc"]),
    "DE01002": (H(zh=["企业名称", "市场主体名称", "!主体名称"], en=["Company Name", "Enterprise Name", "!Entity Name"],
                  snake=["ent_name", "company_name", "!corp_name"], camel=["entName", "!corpName"],
                  pinyin=["qiyemingcheng"], initials=["qymc", "!ztmc"]),
                lambda r, c: c["org"]),
    "DE01005": (H(zh=["法定代表人", "法人代表", "!负责人"], en=["Legal Representative", "!Legal Person"],
                  snake=["legal_rep", "legal_rep_name", "!lr_name"], camel=["legalRep", "!legalPerson"],
                  pinyin=["fadingdaibiaoren"], initials=["fddbr", "!frdb"]),
                lambda r, c: c["name"]),
    "DE01007": (H(zh=["注册资本(万元)", "注册资金", "!注册资本金额"], en=["Registered Capital", "!Reg Capital"],
                  snake=["reg_capital", "reg_cap_amt", "!registered_cap"], camel=["regCapital"],
                  pinyin=["zhuceziben"], initials=["zczb"]),
                lambda r, c: amount(r, 5000, c["sep"], 2)),
    "DE02001": (H(zh=["成立日期", "成立时间", "!设立日期"], en=["Establishment Date", "!Founded"],
                  snake=["estab_date", "found_date", "!est_dt"], camel=["estabDate"],
                  pinyin=["chengliriqi"], initials=["clrq"]),
                lambda r, c: fmt_date(date(r, 1995, 2023), c["date_tpl"])),
    "DE03002": (H(zh=["住所", "注册地址", "!企业住所"], en=["Registered Address", "Domicile"],
                  snake=["reg_addr", "dom_addr", "!address"], camel=["regAddr", "!domAddr"],
                  pinyin=["zhusuo", "zhucedizhi"], initials=["zs", "zcdz"]),
                lambda r, c: address(r)),
    "DE03001": (H(zh=["行政区划代码", "所属区县", "!区划代码"], en=["Division Code", "!Area Code"],
                  snake=["area_code", "division_code", "!admin_div"], camel=["areaCode"],
                  pinyin=["xingzhengquhua"], initials=["xzqh", "xzqhdm"]),
                lambda r, c: r.choice(COUNTIES)),
    "DE01009": (H(zh=["行业门类", "所属行业门类"], en=["Industry Section"], snake=["industry_section"],
                  camel=["industrySection"], pinyin=["hangyemenlei"], initials=["hyml"]),
                lambda r, c: code_value(r, HYML, c["code_style"])),
    "DE01012": (H(zh=["登记状态", "经营状态", "!企业状态"], en=["Registration Status", "!Ent Status"],
                  snake=["reg_status", "ent_status"], camel=["regStatus"],
                  pinyin=["dengjizhuangtai"], initials=["djzt"]),
                lambda r, c: code_value(r, DJZT, c["code_style"])),
    "DE06009": (H(zh=["联系电话", "电话", "!联系方式"], en=["Phone", "Telephone", "!Contact Phone"],
                  snake=["tel", "phone_no", "!contact_tel"], camel=["phoneNo", "!contactTel"],
                  pinyin=["lianxidianhua"], initials=["lxdh", "!lxfs"]),
                lambda r, c: r.choice([mobile(r), landline(r)])),
    "DE04001": (H(zh=["纳税人识别号", "税号", "!纳税人识别码"], en=["Taxpayer ID", "Tax No", "!TIN"],
                  snake=["taxpayer_id", "tax_no", "!tin"], camel=["taxpayerId", "!taxNo"],
                  pinyin=["nashuirenshibiehao"], initials=["nsrsbh", "!sh"]),
                lambda r, c: c["uscc"]),
    "DE04002": (H(zh=["纳税人状态", "税务登记状态", "!户籍状态"], en=["Taxpayer Status"],
                  snake=["taxpayer_status"], camel=["taxpayerStatus"], pinyin=["nashuirenzhuangtai"],
                  initials=["nsrzt"]),
                lambda r, c: code_value(r, NSRZT, c["code_style"])),
    "DE04003": (H(zh=["纳税人资格", "增值税纳税人类型"], en=["VAT Qualification", "!Taxpayer Type"],
                  snake=["vat_type"], camel=["vatType"], pinyin=["nashuirenzige"], initials=["nsrzg"]),
                lambda r, c: code_value(r, NSRZG, c["code_style"])),
    "DE04004": (H(zh=["主管税务机关代码", "主管税务所代码", "!主管税务机关"], en=["Tax Authority Code", "!Tax Office"],
                  snake=["tax_authority_code", "!tax_office_cd"], camel=["taxAuthorityCode"],
                  pinyin=["zhuguanshuiwujiguan"], initials=["zgswjgdm", "!zgswjg"]),
                lambda r, c: r.choice(["13501020000", "13501030000", "13501040000", "13501110000"])),
    "DE02007": (H(zh=["税务登记日期", "登记日期", "!办理税务登记日期"], en=["Tax Registration Date"],
                  snake=["tax_reg_date", "!reg_dt"], camel=["taxRegDate"], pinyin=["shuiwudengjiriqi"],
                  initials=["swdjrq", "djrq"]),
                lambda r, c: fmt_date(date(r, 1995, 2023), c["date_tpl"])),
    "DE01008": (H(zh=["登记注册类型", "经济类型"], en=["Registration Type"], snake=["reg_type"],
                  camel=["regType"], pinyin=["dengjizhuceleixing"], initials=["djzclx"]),
                lambda r, c: code_value(r, DJZCLX, c["code_style"])),
    "DE03003": (H(zh=["生产经营地址", "经营地址", "!实际经营地址"], en=["Business Address"],
                  snake=["biz_addr", "!op_address"], camel=["bizAddr"], pinyin=["jingyingdizhi"],
                  initials=["scjydz", "jydz"]),
                lambda r, c: address(r)),
    "DE02013": (H(zh=["更新时间", "数据更新时间", "!最后修改时间"], en=["Updated At", "!Last Modified"],
                  snake=["update_time", "!modify_time"], camel=["updateTime", "!gmtModified"],
                  pinyin=["gengxinshijian"], initials=["gxsj"]),
                lambda r, c: date(r, 2023, 2024).strftime("%Y-%m-%d") + " %02d:%02d:%02d" % (
                    r.randint(0, 23), r.randint(0, 59), r.randint(0, 59))),
}

DATASETS = {
    "resident-registration": (["DE00001", "DE00002", "DE00003", "DE00005", "DE00004", "DE00010",
                               "DE00011", "DE00009", "DE03004", "DE03007"],
                              ["DE00006", "DE00007", "DE02008", "DE06001"]),
    "social-insurance-enrolment": (["DE05001", "DE00002", "DE00003", "DE00004", "DE05002",
                                    "DE05003", "DE05005"],
                                   ["DE05004", "DE05007", "DE06001", "DE00009"]),
    "enterprise-registration": (["DE01001", "DE01002", "DE01005", "DE02001", "DE03002",
                                 "DE03001", "DE01012"],
                                ["DE01007", "DE01009", "DE06009"]),
    "tax-registration": (["DE04001", "DE01002", "DE01005", "DE02007", "DE04002", "DE04004"],
                         ["DE01001", "DE01008", "DE03002", "DE03003", "DE01007", "DE06009",
                          "DE04003", "DE03001"]),
}

# Columns with no standard element: header variants and values.
EXTRAS = [
    (["序号", "编号", "No.", "seq"], lambda r, c: str(c["row"] + 1)),
    (["备注", "remark", "说明"], lambda r, c: r.choice(["", "", "无", "已核实", "待补充材料"])),
    (["户口性质", "hkxz", "户籍性质"], lambda r, c: r.choice(["农村", "城镇", "非农业", "农业"])),
    (["审核状态", "audit_flag", "是否审核"], lambda r, c: r.choice(["已审核", "未审核", "是", "否"])),
    (["经办人", "operator", "录入人"], lambda r, c: person_name(r)),
    (["数据来源", "source_sys"], lambda r, c: r.choice(["金保系统", "一窗受理", "人工录入"])),
    (["所属网格", "网格编号"], lambda r, c: "WG%03d" % r.randint(1, 80)),
]

STYLES = ["zh", "en", "snake", "camel", "pinyin", "initials", "code", "vendor"]


def header_for(r, fid, style, pos, test, vendor_kind):
    pool = FIELDS[fid][0]
    if style == "vendor" or (style == "code" and "code" not in pool):
        if style == "code":
            style = r.choice(["initials", "snake"])
        else:
            return vendor_kind.format(n=pos + 1)
    if style not in pool:
        style = "zh"
    variants = [v for v in pool[style] if test or not v.startswith("!")] or \
        [v for v in pool["zh"] if not v.startswith("!")]
    return r.choice(variants).lstrip("!")


def export(seed, test):
    r = random.Random(seed)
    dataset = r.choice(sorted(DATASETS))
    required, optional = DATASETS[dataset]
    fields = list(required) + [f for f in optional if r.random() < 0.5]
    r.shuffle(fields)
    main = r.choice(STYLES[:-1])
    vendor_kind = r.choice(["F{n}", "col_{n}", "字段{n}", "C{n}"])
    columns = []  # (header, element or None, generator)
    extras = r.sample(EXTRAS, r.randint(0, 2))
    if extras and extras[0][0][0] == "序号" and r.random() < 0.7:
        columns.append((r.choice(extras[0][0]), None, extras[0][1]))
        extras = extras[1:]
    for fid in fields:
        style = main if r.random() < 0.8 else r.choice(STYLES)
        columns.append((None, fid, FIELDS[fid][1], style))
    for names, gen in extras:
        columns.insert(r.randint(0, len(columns)), (r.choice(names), None, gen))
    headers, truth, gens = [], [], []
    for pos, col in enumerate(columns):
        if col[1] is None:
            headers.append(col[0])
        else:
            headers.append(header_for(r, col[1], col[3], pos, test, vendor_kind))
        truth.append(col[1])
        gens.append(col[2])
    # Headers must be distinct within a file.
    seen = {}
    for i, h in enumerate(headers):
        if h in seen:
            headers[i] = "%s_%d" % (h, i + 1)
        seen[headers[i]] = i
    ctx_base = {
        "date_tpl": r.choice(DATE_TEMPLATES), "date_tpl2": r.choice(DATE_TEMPLATES),
        "code_style": r.choice(["code", "name", "mixed", "alias"]),
        "sex_style": r.choice(["code", "zh", "mf", "zhx"]), "sep": r.random() < 0.5,
    }
    rows = []
    used_orgs = set()
    units = ["%08d" % r.randint(10000000, 99999999) for _ in range(5)]
    for i in range(r.randint(60, 200)):
        birth = date(r, 1950, 2005)
        sex = r.choice(SEX)
        c = dict(ctx_base)
        org = org_name(r)
        while org in used_orgs:
            org = org_name(r)
        used_orgs.add(org)
        c.update({
            "row": i, "birth": birth, "id": id_number(r, birth), "name": person_name(r),
            "org": org, "uscc": uscc(r), "unit": r.choice(units),
            "huhao": "%09d" % r.randint(100000000, 999999999),
            "sex": {"code": sex[0], "zh": sex[1], "mf": sex[2][1], "zhx": sex[2][0]}[c["sex_style"]],
        })
        rows.append([g(r, c) for g in gens])
    layout = {
        "title": r.random() < 0.4, "blank": r.random() < 0.3,
        "kind": r.choice(["csv", "csv", "csv", "xlsx"]),
        "encoding": r.choice(["utf-8", "utf-8-sig", "gbk"]),
        "delimiter": r.choice([",", ",", "|", "\t", ";"]),
    }
    title = "2024年第%s季度%s" % (r.choice("一二三四"), {
        "resident-registration": "常住人口信息表", "social-insurance-enrolment": "参保人员信息表",
        "enterprise-registration": "企业登记信息汇总表", "tax-registration": "税务登记信息表"}[dataset])
    return dataset, headers, truth, rows, layout, title


def write_csv(path, headers, rows, layout, title):
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=layout["delimiter"], lineterminator="\r\n")
    if layout["title"]:
        w.writerow([title])
    if layout["blank"]:
        buf.write("\r\n")
    w.writerow(headers)
    for i, row in enumerate(rows):
        if layout["blank"] and i == len(rows) // 2:
            buf.write("\r\n")
        w.writerow(row)
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode(layout["encoding"]))


def col_name(i):
    s = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        s = chr(65 + rem) + s
    return s


def write_xlsx(path, headers, rows, layout, title):
    """A minimal workbook: inline strings, a merged title row above the header."""
    out_rows = []
    merge = ""
    if layout["title"]:
        out_rows.append([title] + [""] * (len(headers) - 1))
        merge = '<mergeCells count="1"><mergeCell ref="A1:%s1"/></mergeCells>' % col_name(len(headers) - 1)
    out_rows.append(headers)
    out_rows.extend(rows)
    xml_rows = []
    for ri, row in enumerate(out_rows, 1):
        cells = "".join(
            '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col_name(ci), ri, escape(v))
            for ci, v in enumerate(row) if v != "")
        xml_rows.append('<row r="%d">%s</row>' % (ri, cells))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData>%s</sheetData>%s</worksheet>') % ("".join(xml_rows), merge)
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=sorted(SETS), required=True)
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--first", type=int, default=0,
                    help="skip this many seeds of the set (a fresh sample of the test set)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, help="write only this seed's export, named --stem")
    ap.add_argument("--stem")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    test = a.set == "test"
    seeds = [a.seed] if a.seed is not None else [SETS[a.set] + a.first + k for k in range(a.count)]
    for seed in seeds:
        dataset, headers, truth, rows, layout, title = export(seed, test)
        stem = a.stem if a.stem and a.seed is not None else "%s_%d" % (a.set, seed)
        ext = layout["kind"]
        path = os.path.join(a.out, stem + "." + ext)
        (write_xlsx if ext == "xlsx" else write_csv)(path, headers, rows, layout, title)
        with open(os.path.join(a.out, stem + ".truth.yaml"), "w", encoding="utf-8") as f:
            f.write("mapping:\n  dataset: %s\n  layout: \"%s\"\n  rows: %d\n  fields:\n" % (
                dataset, ", ".join("%s=%s" % (k2, repr(v)) for k2, v in sorted(layout.items())),
                len(rows)))
            for h, t in zip(headers, truth):
                f.write("    - {source: %s, element: %s}\n" % (
                    '"%s"' % h.replace('"', '\\"'), t if t else "null"))


if __name__ == "__main__":
    main()
