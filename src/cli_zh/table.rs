//! The Chinese text of the command line, and the examples every `--help` ends with.
//!
//! Keys are the subcommand path (`""` for `govdict` itself, `"map suggest"`) and the
//! argument id (the field name in `cli.rs`). `"*"` stands for any command: options shared
//! by several commands (global ones, `--sheet` …) are written once.

/// (subcommand path, Chinese one-line description).
pub const ABOUT: &[(&str, &str)] = &[
    (
        "",
        "政务数据元目录工具：检查目录、查询数据元、校验导出文件、映射、发布",
    ),
    (
        "check",
        "检查数据元目录：模式、引用、重复、表示格式、正则表达式、代码表",
    ),
    (
        "show",
        "按标识、名称、同义名称或标识符显示一个数据元、代码表或数据集",
    ),
    ("search", "按名称、同义名称、标识符、拼音或定义搜索数据元"),
    ("validate", "按目录中的数据集校验 CSV 和电子表格导出文件"),
    ("diff", "两个版本之间的变更记录（路径或 git:REF[:PATH]）"),
    ("release", "标准仓库的发布检查与发布说明"),
    (
        "release check",
        "拒绝版本号、since 值、删除或标识不合规则的发布",
    ),
    (
        "release notes",
        "打印本次发布的变更记录；可插入到 CHANGELOG.md 开头",
    ),
    (
        "completions",
        "打印命令行补全脚本（bash、zsh、fish、elvish、powershell）",
    ),
    ("man", "打印手册页（roff），或用 --out 为每个命令写一页"),
    ("map", "映射表：为部门字段建议映射，对照两个部门的字段"),
    (
        "map suggest",
        "根据表头和内容为导出文件的每一列建议标准数据元",
    ),
    (
        "map crosswalk",
        "通过两个部门映射中的标准数据元对照它们的字段",
    ),
    ("conform", "按映射文件把导出文件改写为标准形式"),
    (
        "export",
        "导出目录或数据集：JSON、JSON Schema、Frictionless、CSVW、SQL",
    ),
    ("import", "从 Frictionless 表模式或数据包、CSVW 元数据或 JSON Schema 生成目录（YAML）"),
    (
        "publish",
        "生成本次发布的静态文档网站（可直接用 file:// 打开）",
    ),
    (
        "report",
        "把数据库（PostgreSQL、DuckDB、Spark）执行 sql-checks 得到的问题渲染成与 validate 相同的报告",
    ),
];

/// (subcommand path or `"*"`, argument id, Chinese help).
pub const ARGS: &[(&str, &str, &str)] = &[
    ("*", "dict", "目录文件夹或单个 YAML 文件（默认：govdict.toml 中的设置，否则为内置目录）"),
    ("*", "lang", "消息语言：zh（也接受 zh-CN、zh_CN、zh-Hans）或 en（默认取自 LC_ALL / LANG）"),
    ("*", "quiet", "不在标准错误上显示进度条（进度条本来也只在终端上显示）和提示信息；警告仍然显示"),
    ("*", "help", "打印帮助"),
    ("*", "version", "打印版本"),
    ("*", "format", "输出格式"),
    ("*", "output", "写入此文件（原子写入），而不是标准输出"),
    ("*", "sheet", "工作簿中的工作表，按名称或从 1 开始的序号（默认：第一个可见工作表）"),
    ("*", "header_row", "表头所在行（默认：自动检测，跳过空行和标题行）"),
    ("*", "encoding", "CSV 文件的文本编码，如 utf-8、gb18030、gbk、utf-16le（默认：自动检测）"),
    ("*", "delimiter", "CSV 文件的字段分隔符，如 `,` `;` `|` 或 `tab`（默认：自动检测）"),
    ("*", "output_encoding", "写出的 CSV 文件的编码：utf-8-bom（写文件时的默认值，Excel 可直接打开）、utf-8（写到标准输出时的默认值）或 gb18030"),
    ("*", "dataset", "数据集标识（默认：govdict.toml 中的设置，否则按表头选最匹配的）"),
    ("show", "query", "数据元的标识、名称、同义名称或标识符；代码表标识；数据集标识"),
    ("search", "text", "要查找的文字"),
    ("search", "limit", "最多列出的结果数"),
    ("validate", "files", "文件、文件夹（递归查找导出文件）或通配模式；`-` 表示读标准输入；或一张 PostgreSQL 表：postgres://用户@主机/库?table=表名（需以 postgres 特性构建），由服务器执行 export --to sql-checks 的查询"),
    ("validate", "row_id", "postgres:// 输入时，存放每条记录行号的列（默认 row_id）"),
    ("validate", "mapping", "映射文件（部门字段 → 数据元），其表头映射优先于自动匹配"),
    ("validate", "format", "报告格式"),
    ("validate", "output", "把报告写入此文件（原子写入），而不是标准输出"),
    ("validate", "base_dir", "报告中文件路径的相对基准文件夹（默认：工作目录所在 git 仓库的根目录，否则为工作目录）"),
    ("validate", "junit_flavor", "JUnit 方言：portable（Jenkins 的 xUnit 模式和 GitLab 都接受；别名 jenkins）或 gitlab（每个测试用例都带 file 属性）"),
    ("validate", "help_base_url", "SARIF 规则帮助链接的基准地址：发布 docs/codes 页面的网址（默认：本版本在 docs.rs 上的页面）"),
    ("validate", "max_memory", "每个文件的唯一性检查可用的内存（如 64M、1G；0 表示不限）；超出后把有序的分段写到临时文件，结果不变"),
    ("validate", "max_findings", "每个文件最多列出 N 条问题；计数仍然完整"),
    ("validate", "fail_on", "出现此级别或更严重的问题时退出码为 1：error、warning 或 never"),
    ("validate", "show_values", "报告显示哪些单元格值：none（不显示）、masked（遮蔽敏感值，默认）或 full（全部原样，仅限本地调试）"),
    ("validate", "valid_out", "把没有问题（按 --fail-on 级别）的行以 UTF-8 CSV 写入 PATH；多个输入时 PATH 是文件夹，写入 <stem>.valid.csv"),
    ("validate", "invalid_out", "把有问题的行以 UTF-8 CSV 写入 PATH，并加一列 govdict_codes 列出问题代码；多个输入时 PATH 是文件夹，写入 <stem>.invalid.csv"),
    ("diff", "old", "旧版本：目录文件夹或文件，或 git:REF[:PATH]（PATH 默认为 dictionary）"),
    ("diff", "new", "新版本，形式同上"),
    ("release check", "previous", "上一个版本：目录文件夹或文件，或 git:REF[:PATH]"),
    ("release notes", "previous", "上一个版本（默认：更早的最新 git 标签，git:TAG:dictionary）"),
    ("release notes", "changelog", "把本节插入到这个 Markdown 文件开头，除非其中已有此版本"),
    ("release notes", "first", "这是第一次发布：发布说明列出它引入的全部内容"),
    ("completions", "shell", "要生成补全脚本的 shell"),
    ("man", "out", "为 govdict 和每个子命令各写一页手册（govdict.1、govdict-validate.1 …）到此文件夹"),
    ("map suggest", "file", "部门导出文件（CSV 或电子表格）"),
    ("map suggest", "dataset", "优先选用此数据集的数据元"),
    ("map suggest", "department", "写入映射文件的部门名称"),
    ("map suggest", "format", "输出格式（xlsx 需要 --output）"),
    ("map crosswalk", "a", "部门 A 的映射文件"),
    ("map crosswalk", "b", "部门 B 的映射文件"),
    ("map crosswalk", "format", "输出格式（xlsx 需要 --output）"),
    ("conform", "file", "部门导出文件（CSV 或电子表格）"),
    ("conform", "mapping", "映射文件（部门字段 → 数据元、值映射、源格式）"),
    ("conform", "output", "标准表：`.csv`（UTF-8）或 `.xlsx`；`-` 把 CSV 写到标准输出"),
    ("conform", "headers", "输出表头：数据元名称（name）、标识（id）或标识符（identifier）"),
    ("conform", "rejects", "仍不符合数据元的行写到这里（`.csv` 或 `.xlsx`），保留原值并加 govdict_codes 列"),
    ("conform", "force", "即使超过一半的行会被拒绝也写出结果"),
    ("export", "to", "目标格式：json（整个目录）、jsonschema（一行数据的 JSON Schema）、frictionless、csvw、sql（带 CHECK 约束的 DDL）、sql-checks（返回 validate 单元格级问题的 SQL 查询）、xlsx-catalogue（GB/T 19488 属性模板的 Excel 目录）"),
    ("export", "dataset", "数据集标识（按行的格式；不给时在格式允许的情况下导出每个数据集）"),
    ("export", "dialect", "SQL 方言"),
    ("export", "table", "sql-checks：要读取的表（按原样写出，如 schema.table；默认：数据集标识，连字符换成下划线）"),
    ("export", "row_id", "sql-checks：存放行号的列（与 validate 的计数相同，表头为第 1 行）"),
    ("report", "findings", "数据库给出的问题：带表头的 CSV，或 JSON lines（.jsonl、.ndjson、.json），字段为 row、column、header、element、code、severity、first_row"),
    ("report", "dataset", "查询所检查的数据集（默认：govdict.toml 中的设置）"),
    ("report", "table", "报告中被检查表的名称（默认：问题文件的路径）"),
    ("report", "rows", "被检查表的数据行数，用于报告中的计数（查询不返回行数）"),
    ("report", "junit_flavor", "JUnit 方言：portable 或 gitlab"),
    ("report", "max_findings", "最多列出 N 条问题；计数仍然完整"),
    ("report", "fail_on", "出现此级别或更严重的问题时退出码为 1：error、warning 或 never"),
    ("import", "from", "源格式"),
    ("import", "file", "描述文件（JSON）"),
    ("import", "output", "把目录写入此文件（原子写入），而不是标准输出"),
    ("publish", "out", "写入网站的文件夹（不存在则创建；网站的文件会被替换）"),
    ("publish", "previous", "上一个版本，用于变更记录和每个数据元的历史：目录文件夹或文件，或 git:REF[:PATH]"),
];

/// (subcommand path, example command lines). Every command's `--help` ends with these.
pub const EXAMPLES: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "govdict check",
            "govdict validate exports/ --format html -o report.html",
            "govdict --lang en validate --help",
        ],
    ),
    (
        "check",
        &[
            "govdict check",
            "govdict --dict dictionary check --format json",
        ],
    ),
    (
        "show",
        &[
            "govdict show 统一社会信用代码",
            "govdict show tax-registration",
        ],
    ),
    (
        "search",
        &["govdict search 纳税人", "govdict search nsrmc --limit 5"],
    ),
    (
        "validate",
        &[
            "govdict validate export.csv --dataset tax-registration",
            "govdict validate exports/ --format junit -o junit.xml",
            "govdict validate 'postgres://me@/registry?host=/run/postgresql&table=ods.residents' --dataset resident-registration",
        ],
    ),
    (
        "diff",
        &[
            "govdict diff git:v1.0.0 dictionary",
            "govdict diff old/ new/ --format json",
        ],
    ),
    (
        "release",
        &[
            "govdict release check --previous git:v1.0.0",
            "govdict release notes --changelog CHANGELOG.md",
        ],
    ),
    (
        "release check",
        &["govdict release check --previous git:v1.0.0"],
    ),
    (
        "release notes",
        &[
            "govdict release notes --changelog CHANGELOG.md",
            "govdict release notes --first",
        ],
    ),
    (
        "completions",
        &["govdict completions bash > /etc/bash_completion.d/govdict"],
    ),
    (
        "man",
        &[
            "govdict man > govdict.1",
            "govdict --lang zh man --out man/",
        ],
    ),
    (
        "map",
        &[
            "govdict map suggest export.xlsx -o mapping.yaml",
            "govdict map crosswalk a.yaml b.yaml",
        ],
    ),
    (
        "map suggest",
        &["govdict map suggest export.xlsx --department 税务局 -o mapping.yaml"],
    ),
    (
        "map crosswalk",
        &["govdict map crosswalk tax.yaml market.yaml --format markdown"],
    ),
    (
        "conform",
        &["govdict conform export.xlsx --mapping mapping.yaml -o standard.csv"],
    ),
    (
        "export",
        &[
            "govdict export --to jsonschema --dataset tax-registration",
            "govdict export --to sql --dialect postgres -o schema.sql",
            "govdict export --to sql-checks --dialect duckdb --dataset tax-registration",
        ],
    ),
    (
        "report",
        &["govdict report findings.csv --dataset tax-registration --format sarif -o govdict.sarif"],
    ),
    (
        "import",
        &["govdict import --from frictionless datapackage.json -o dictionary.yaml"],
    ),
    (
        "publish",
        &[
            "govdict publish --out site/",
            "govdict publish --out site/ --previous git:v1.0.0",
        ],
    ),
];
