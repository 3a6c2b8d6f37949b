//! Accuracy of suggestions against a known mapping, for the README's figures and the
//! tests below.

use std::collections::HashMap;

use super::suggest::Suggestion;

/// (correct, total): how many of the columns `truth` names got the expected top-1
/// element (`None` expected = left unmatched). Columns absent from the suggestion count
/// as wrong.
pub fn accuracy(
    suggestion: &Suggestion,
    truth: &HashMap<String, Option<String>>,
) -> (usize, usize) {
    let correct = truth
        .iter()
        .filter(|(source, expected)| {
            suggestion
                .fields
                .iter()
                .find(|f| &f.source == *source)
                .is_some_and(|f| &f.element == *expected)
        })
        .count();
    (correct, truth.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::test_support::{checker, dictionary};
    use crate::mapping::{suggest, Method, SourceColumn, SuggestOptions};

    fn col(header: &str, values: &[&str]) -> SourceColumn {
        SourceColumn::new(header, values.iter().map(|v| v.to_string()).collect())
    }

    /// Runs `suggest` and checks every column's top-1 element.
    fn check_top1(
        columns: &[SourceColumn],
        expected: &[(&str, Option<&str>)],
        options: &SuggestOptions,
    ) -> Suggestion {
        let dict = dictionary();
        let check = checker(&dict);
        let s = suggest(&dict, columns, options, &check);
        let truth: HashMap<String, Option<String>> = expected
            .iter()
            .map(|(h, e)| (h.to_string(), e.map(str::to_string)))
            .collect();
        for (h, e) in expected {
            let got = s
                .fields
                .iter()
                .find(|f| f.source == *h)
                .and_then(|f| f.element.as_deref());
            assert_eq!(
                got,
                *e,
                "column {h}: {:#?}",
                s.fields.iter().find(|f| f.source == *h)
            );
        }
        assert_eq!(accuracy(&s, &truth), (expected.len(), expected.len()));
        s
    }

    const IDS: &[&str] = &[
        "11010519491231002X",
        "110101199003070513",
        "440305198811110526",
    ];

    #[test]
    fn market_supervision_export() {
        let cols = vec![
            col("TYSHXYDM", &["91350100M000100Y43"]),
            col("企业名称", &["示例科技有限公司", "某某商贸有限公司"]),
            col("注册资本（万元）", &["100", "1,250.50", "30"]),
            col("成立时间", &["2019/03/05", "2020/12/31"]),
            col("法定代表人", &["张三", "李四"]),
            col("注册 地址", &["示例市示例区某路1号"]),
            col("col9", &["110101", "310104", "440305", "110105"]),
        ];
        let s = check_top1(
            &cols,
            &[
                ("TYSHXYDM", Some("DE01001")),
                ("企业名称", Some("DE01002")),
                ("注册资本（万元）", Some("DE01003")),
                ("成立时间", Some("DE01004")),
                ("法定代表人", Some("DE01005")),
                ("注册 地址", Some("DE01006")),
                ("col9", Some("DE02001")),
            ],
            &SuggestOptions {
                dataset: Some("enterprise-registration".into()),
                ..SuggestOptions::default()
            },
        );
        let f = |h: &str| s.fields.iter().find(|f| f.source == h).unwrap();
        assert_eq!(f("TYSHXYDM").method, Some(Method::PinyinInitials));
        assert_eq!(f("注册资本（万元）").method, Some(Method::Normalized));
        assert_eq!(
            f("注册资本（万元）").source_format.as_deref(),
            Some("#,##0.00")
        );
        assert!(f("注册资本（万元）").notes.is_empty(), "same unit: no note");
        assert_eq!(f("成立时间").method, Some(Method::Fuzzy));
        assert_eq!(f("成立时间").source_format.as_deref(), Some("YYYY/MM/DD"));
        assert_eq!(f("col9").method, Some(Method::Content));
        assert!(f("col9").confidence > 0.5 && f("col9").confidence < f("企业名称").confidence);
    }

    #[test]
    fn public_security_export_with_pinyin_headers() {
        let cols = vec![
            col("sfzhm", IDS),
            col("XM", &["张三", "李四", "王五"]),
            col("xingbie", &["男", "女", "男性", "未知"]),
            col("手机", &["13800138000", "15912345678"]),
            col("CSRQ", &["1949年12月31日", "1990年3月7日"]),
            col("内部编号", &["A001", "A002"]),
        ];
        let s = check_top1(
            &cols,
            &[
                ("sfzhm", Some("DE00001")),
                ("XM", Some("DE00002")),
                ("xingbie", Some("DE00003")),
                ("手机", Some("DE00005")),
                ("CSRQ", Some("DE00004")),
                ("内部编号", None),
            ],
            &SuggestOptions::default(),
        );
        let f = |h: &str| s.fields.iter().find(|f| f.source == h).unwrap();
        let sex = f("xingbie");
        assert_eq!(sex.method, Some(Method::Pinyin));
        let map = sex.value_map.as_ref().unwrap();
        assert_eq!(map.recodes.get("男").map(String::as_str), Some("1"));
        assert_eq!(map.recodes.get("女").map(String::as_str), Some("2"));
        assert_eq!(map.recodes.get("男性").map(String::as_str), Some("1"));
        assert_eq!(map.unmappable, vec!["未知"]);
        assert_eq!(f("CSRQ").source_format.as_deref(), Some("YYYY年M月D日"));
        // Identity numbers are sensitive: samples are masked.
        assert!(
            f("sfzhm").samples.iter().all(|v| v.contains('*')),
            "{:?}",
            f("sfzhm").samples
        );
        assert_eq!(s.unmatched().count(), 1);
    }

    #[test]
    fn contents_overrule_a_misleading_header() {
        // `联系电话` names no element, but the values are mobile numbers; the column
        // headed `身份证号` holds names, which the identity number's checks refute.
        let cols = vec![
            col("联系电话", &["13800138000", "15912345678", "18600001111"]),
            col("单位名称", &["示例科技有限公司"]),
            col("证件号码", IDS),
        ];
        check_top1(
            &cols,
            &[
                ("联系电话", Some("DE00005")),
                ("单位名称", Some("DE01002")),
                ("证件号码", Some("DE00001")),
            ],
            &SuggestOptions::default(),
        );
    }

    #[test]
    fn one_column_per_element() {
        // Two headers both look like the registration date; only one may have it, and the
        // exact name wins.
        let cols = vec![
            col("登记日期", &["20240101"]),
            col("登记时间", &["20240102"]),
        ];
        let s = check_top1(
            &cols,
            &[("登记日期", Some("DE01007"))],
            &SuggestOptions::default(),
        );
        let other = s.fields.iter().find(|f| f.source == "登记时间").unwrap();
        assert_ne!(other.element.as_deref(), Some("DE01007"));
    }

    #[test]
    fn bank_export_with_initials_and_polyphonic_names() {
        let cols = vec![
            col("khyh", &["中国工商银行示例支行"]),
            col("YZBM", &["100000"]),
            col("zczb", &["5,000"]),
        ];
        check_top1(
            &cols,
            &[
                ("khyh", Some("DE02003")),
                ("YZBM", Some("DE02002")),
                ("zczb", Some("DE01003")),
            ],
            &SuggestOptions::default(),
        );
    }

    #[test]
    fn accuracy_counts_wrong_and_missing_columns() {
        let dict = dictionary();
        let check = checker(&dict);
        let s = suggest(
            &dict,
            &[col("性别", &["1"])],
            &SuggestOptions::default(),
            &check,
        );
        let mut truth = HashMap::new();
        truth.insert("性别".to_string(), Some("DE00002".to_string()));
        truth.insert("不存在".to_string(), None);
        assert_eq!(accuracy(&s, &truth), (0, 2));
        truth.insert("性别".to_string(), Some("DE00003".to_string()));
        assert_eq!(accuracy(&s, &truth), (1, 2));
    }
}
